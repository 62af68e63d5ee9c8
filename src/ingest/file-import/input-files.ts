import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export type InputFormat = 'json' | 'ndjson';

export interface InputFile {
  path: string;
  format: InputFormat;
  gzip: boolean;
  size: number;
}

/** A path the import cannot start with (missing, or a file type it does not read). */
export class ImportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportInputError';
  }
}

const PATTERN = /\.(json|ndjson|jsonl)(\.gz)?$/i;

export function formatOf(path: string): { format: InputFormat; gzip: boolean } | undefined {
  const m = PATTERN.exec(path);
  if (!m) return undefined;
  return { format: m[1]!.toLowerCase() === 'json' ? 'json' : 'ndjson', gzip: m[2] !== undefined };
}

/**
 * Expands the paths given into the files to read: files as named, directories recursively (in name
 * order, skipping hidden entries and files of other types). Fails before anything is sent when a path
 * is missing or a named file is of a type the importer does not read.
 */
export async function listInputFiles(paths: string[]): Promise<InputFile[]> {
  if (paths.length === 0) throw new ImportInputError('Give at least one file or directory to import.');
  const out: InputFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error) {
      problems.push(
        info.code === 'ENOENT'
          ? `${path}: no such file or directory`
          : `${path}: ${info.code ?? info.message}`,
      );
      continue;
    }
    if (info.isDirectory()) {
      await walk(path, out);
      continue;
    }
    const kind = formatOf(path);
    if (!kind) {
      problems.push(`${path}: not a .json, .ndjson or .jsonl file (optionally .gz)`);
      continue;
    }
    out.push({ path, ...kind, size: info.size });
  }
  if (problems.length > 0) throw new ImportInputError(problems.join('\n'));
  return out;
}

async function walk(dir: string, out: InputFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(path, out);
    } else if (entry.isFile()) {
      const kind = formatOf(basename(path));
      if (kind) out.push({ path, ...kind, size: (await stat(path)).size });
    }
  }
}
