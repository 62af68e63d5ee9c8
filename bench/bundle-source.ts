import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { listInputFiles } from '../src/ingest/index.js';
import type { InputFile } from '../src/ingest/index.js';

/** One Bundle as the text it will be sent as, and where it came from. */
export interface RawBundle {
  key: string;
  text: string;
}

/**
 * The files to ingest: the Synthea shards (`bundles-*.ndjson.gz`), or only `small.ndjson.gz` in
 * quick mode; another directory's JSON/NDJSON files when it has no shards.
 */
export async function benchFiles(dir: string, quick: boolean): Promise<InputFile[]> {
  const names = await readdir(dir).catch(() => {
    throw new Error(`${dir}: no such directory (pass --data PATH)`);
  });
  if (quick) {
    if (!names.includes('small.ndjson.gz')) throw new Error(`${dir} has no small.ndjson.gz for --quick`);
    return listInputFiles([join(dir, 'small.ndjson.gz')]);
  }
  const shards = names.filter((n) => /^bundles-\d+\.ndjson\.gz$/.test(n)).sort();
  if (shards.length > 0) return listInputFiles(shards.map((n) => join(dir, n)));
  return listInputFiles([dir]);
}

/**
 * Streams the Bundles of the files as raw text, unparsed: the client must not spend the CPU the
 * server needs (the machine has two cores) re-serialising 280 MB of JSON.
 */
export async function* rawBundles(files: InputFile[]): AsyncGenerator<RawBundle> {
  for (const file of files) {
    const raw = createReadStream(file.path);
    const stream: AsyncIterable<Buffer> = file.gzip ? raw.pipe(createGunzip()) : raw;
    if (file.format === 'json') {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c);
      yield { key: file.path, text: Buffer.concat(chunks).toString('utf8') };
      continue;
    }
    let line = 0;
    let pending: Buffer[] = [];
    const emit = (bytes: Buffer) => {
      line++;
      const text = bytes.toString('utf8').trim();
      return text === '' ? undefined : { key: `${file.path}:${line}`, text };
    };
    for await (const chunk of stream) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        const b = emit(Buffer.concat([...pending, chunk.subarray(start, nl)]));
        pending = [];
        start = nl + 1;
        if (b) yield b;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) {
      const b = emit(Buffer.concat(pending));
      if (b) yield b;
    }
  }
}
