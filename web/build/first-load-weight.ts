import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The JavaScript a browser fetches before the first page can render, per file and in total. */
export interface FirstLoadWeight {
  files: { file: string; bytes: number; gzip: number; brotli: number }[];
  bytes: number;
  gzip: number;
  brotli: number;
}

/**
 * Measures the first load from the built `index.html` itself: its module scripts and module
 * preloads are exactly what the browser downloads before anything renders, whatever the bundler
 * decided about chunks. Lazily imported route chunks are not part of it, by design.
 */
export async function measureFirstLoadJs(distDir: string): Promise<FirstLoadWeight> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModuleScript = tag.startsWith('<script') && /\btype="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isModuleScript || isPreload) && url) urls.add(url);
  }
  const files: FirstLoadWeight['files'] = [];
  for (const url of urls) {
    const file = url.replace(/^\//, '');
    const content = await readFile(join(distDir, file));
    files.push({
      file,
      bytes: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
      brotli: brotliCompressSync(content, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      }).length,
    });
  }
  const sum = (key: 'bytes' | 'gzip' | 'brotli') => files.reduce((n, f) => n + f[key], 0);
  return { files, bytes: sum('bytes'), gzip: sum('gzip'), brotli: sum('brotli') };
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
