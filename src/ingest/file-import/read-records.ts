import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { InputFile } from './input-files.js';

/** One JSON value read from a file, or why a line could not be read as JSON. */
export type SourceRecord = { line?: number; value: unknown } | { line?: number; error: string };

/**
 * Reads the JSON values of one file. NDJSON (plain or gzip) is streamed line by line with the
 * stream's own backpressure, so memory stays at one line however large the file; a JSON file is one
 * value and is read whole. `onBytes` reports bytes taken from disk, for progress.
 */
export async function* readRecords(
  file: InputFile,
  onBytes: (n: number) => void,
): AsyncGenerator<SourceRecord> {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 16 });
  raw.on('data', (chunk) => onBytes(chunk.length));
  const stream: AsyncIterable<Buffer> = file.gzip ? raw.pipe(createGunzip()) : raw;
  // pipe() does not forward the source's errors (EACCES, EISDIR…) to the gunzip stream.
  if (file.gzip) raw.on('error', (e) => (stream as NodeJS.ReadableStream).emit('error', e));

  if (file.format === 'json') {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    yield parse(Buffer.concat(chunks).toString('utf8'), undefined);
    return;
  }
  let line = 0;
  for await (const text of splitLines(stream)) {
    line++;
    if (text.trim() === '') continue;
    yield parse(text, line);
  }
}

function parse(text: string, line: number | undefined): SourceRecord {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { line, error: `not valid JSON (${(e as Error).message.slice(0, 120)})` };
  }
}

/** Splits a byte stream on `\n` (safe in UTF-8: no multi-byte sequence contains that byte). */
async function* splitLines(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of stream) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        if (start < chunk.length) pending.push(chunk.subarray(start));
        break;
      }
      const part = chunk.subarray(start, nl);
      const bytes = pending.length > 0 ? Buffer.concat([...pending, part]) : part;
      pending = [];
      yield stripCr(bytes.toString('utf8'));
      start = nl + 1;
    }
  }
  if (pending.length > 0) yield stripCr(Buffer.concat(pending).toString('utf8'));
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
