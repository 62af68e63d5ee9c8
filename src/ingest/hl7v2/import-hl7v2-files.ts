import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AckCode } from './build-ack.js';
import { createHl7v2Processor } from './process-message.js';
import type { Hl7v2ProcessorOptions, ProcessedMessage } from './process-message.js';
import { splitMessages } from './split-messages.js';

export interface Hl7v2ImportOptions extends Hl7v2ProcessorOptions {
  /** Largest file read, in bytes; larger files are reported and skipped. Default 256 MiB. */
  maxFileBytes?: number;
  /** Called after each message, e.g. for a progress display; never given message contents. */
  onMessage?: (m: Hl7v2ImportedMessage) => void;
  /** Stops before the next message when aborted. */
  signal?: AbortSignal;
}

export interface Hl7v2ImportedMessage {
  path: string;
  /** Position of the message in its file, from 1. */
  index: number;
  code: AckCode;
  messageType?: string;
  controlId?: string;
  reason?: string;
  warnings: string[];
  inboxId?: string;
}

export interface Hl7v2ImportSummary {
  files: number;
  messages: number;
  /** ACK codes overall. */
  byCode: Record<AckCode, number>;
  /** ACK codes per message type (MSH-9.1^MSH-9.2; `?` when unreadable). */
  byType: Record<string, Record<AckCode, number>>;
  /** Every message that was not accepted, with its reason. */
  refused: Hl7v2ImportedMessage[];
  /** Paths that could not be read at all (missing, unreadable, too large). */
  unreadable: { path: string; reason: string }[];
  aborted: boolean;
}

/** Extensions picked up when walking a directory (a file named explicitly is read whatever its name). */
const MESSAGE_FILE = /\.(hl7|hl7v2|msg|txt)$/i;

/**
 * Imports HL7 v2 messages from files and directories through the same processing as the MLLP
 * listener: each message is kept in the inbox, mapped and written as one transaction, and gets the
 * ACK code it would have had on the wire. Files are read in name order, one message at a time.
 */
export async function importHl7v2Files(paths: string[], o: Hl7v2ImportOptions): Promise<Hl7v2ImportSummary> {
  const processor = createHl7v2Processor(o);
  const maxFile = o.maxFileBytes ?? 256 * 1024 * 1024;
  const summary: Hl7v2ImportSummary = {
    files: 0,
    messages: 0,
    byCode: { AA: 0, AE: 0, AR: 0 },
    byType: {},
    refused: [],
    unreadable: [],
    aborted: false,
  };
  for (const path of await expand(paths, summary.unreadable)) {
    if (o.signal?.aborted) break;
    const info = await stat(path);
    if (info.size > maxFile) {
      summary.unreadable.push({ path, reason: `${info.size} bytes; the limit is ${maxFile}` });
      continue;
    }
    const bytes = await readFile(path);
    summary.files++;
    const pieces = splitMessages(bytes);
    for (let i = 0; i < pieces.length; i++) {
      if (o.signal?.aborted) break;
      const r: ProcessedMessage = await processor.process(pieces[i]!);
      const m: Hl7v2ImportedMessage = {
        path,
        index: i + 1,
        code: r.code,
        warnings: r.warnings,
        ...(r.messageType !== undefined && { messageType: r.messageType }),
        ...(r.controlId !== undefined && { controlId: r.controlId }),
        ...(r.reason !== undefined && { reason: r.reason }),
        ...(r.inboxId !== undefined && { inboxId: r.inboxId }),
      };
      summary.messages++;
      summary.byCode[r.code]++;
      const type = r.messageType ?? '?';
      const row = (summary.byType[type] ??= { AA: 0, AE: 0, AR: 0 });
      row[r.code]++;
      if (r.code !== 'AA') summary.refused.push(m);
      o.onMessage?.(m);
    }
  }
  summary.aborted = o.signal?.aborted === true;
  return summary;
}

async function expand(paths: string[], unreadable: { path: string; reason: string }[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error) {
      unreadable.push({
        path,
        reason: info.code === 'ENOENT' ? 'no such file or directory' : (info.code ?? info.message),
      });
    } else if (info.isDirectory()) {
      await walk(path, out);
    } else {
      out.push(path);
    }
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && MESSAGE_FILE.test(entry.name)) out.push(path);
  }
}
