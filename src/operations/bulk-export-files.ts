import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportSink } from './bulk-export-job.js';

/**
 * A sink writing one `Type.ndjson` file per resource type into a directory, appending each part as it
 * comes, so the command line holds at most one part in memory. Parts of one type arrive in order and
 * types one after another, so one stream is open at a time.
 */
export function directorySink(dir: string): ExportSink & { close(): Promise<void>; files: string[] } {
  let current: { type: string; stream: WriteStream } | undefined;
  const files: string[] = [];
  const close = async () => {
    if (!current) return;
    const { stream } = current;
    current = undefined;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  };
  return {
    files,
    close,
    async writePart(type, _part, content) {
      if (current?.type !== type) {
        await close();
        await mkdir(dir, { recursive: true });
        const path = join(dir, `${type}.ndjson`);
        files.push(path);
        current = { type, stream: createWriteStream(path, { flags: 'w' }) };
      }
      const { stream } = current;
      // Respect back-pressure: wait for the disk before reading the next page.
      if (!stream.write(content)) await new Promise<void>((resolve) => stream.once('drain', resolve));
    },
  };
}
