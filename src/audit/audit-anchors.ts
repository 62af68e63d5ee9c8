import { appendFile, readFile } from 'node:fs/promises';
import type { SqlExecutor } from '../store/index.js';

/**
 * Anchors: the chain head copied, from time to time, somewhere the database's owner cannot rewrite
 * (a file on the application server, a notary, a printout). Someone able to rewrite the whole tail
 * of the chain together with its head cannot also change what was copied out before, so `verify`
 * with anchors finds even that. One line per anchor: `seq hash recorded`.
 */

export interface AuditHead {
  seq: string;
  hash: string;
}

export async function readAuditHead(exec: SqlExecutor): Promise<AuditHead> {
  const r = await exec.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1',
  );
  return r.rows[0] ?? { seq: '0', hash: '0'.repeat(64) };
}

/** Parses an anchor file; lines that are not anchors are refused, so a damaged file is noticed. */
export async function readAnchors(file: string): Promise<Map<string, string>> {
  const anchors = new Map<string, string>();
  const text = await readFile(file, 'utf8');
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(\d{1,19}) ([0-9a-f]{64})(?: \S+)?$/.exec(line.trim());
    if (!m) throw new Error(`${file}, line ${i + 1}: not an audit anchor ("seq hash [recorded]")`);
    anchors.set(m[1]!, m[2]!);
  });
  return anchors;
}

/**
 * Appends the head to `file` whenever it has moved, every `intervalMs`; and once more on `stop`.
 * Appending only: the file is a log an operator may ship elsewhere.
 */
export function startAnchorWriter(deps: {
  exec: SqlExecutor;
  file: string;
  intervalMs?: number;
  now?: () => Date;
}): { stop(): Promise<void> } {
  const now = deps.now ?? (() => new Date());
  let last = '';
  let running: Promise<void> = Promise.resolve();
  const write = () => {
    running = running.then(async () => {
      try {
        const head = await readAuditHead(deps.exec);
        if (head.seq === '0' || head.seq === last) return;
        await appendFile(deps.file, `${head.seq} ${head.hash} ${now().toISOString()}\n`, { mode: 0o600 });
        last = head.seq;
      } catch {
        // The next tick tries again; an anchor is a safeguard, not part of serving requests.
      }
    });
    return running;
  };
  const timer = setInterval(() => void write(), deps.intervalMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await write();
    },
  };
}
