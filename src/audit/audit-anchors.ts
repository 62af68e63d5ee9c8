import { appendFile, readFile } from 'node:fs/promises';
import type { SqlExecutor } from '../store/index.js';
import { placeOf } from './audit-chain.js';

/**
 * Anchors: the chain head copied, from time to time, somewhere the database's owner cannot rewrite
 * (a file on the application server, a notary, a printout). Someone able to rewrite the whole tail
 * of the chain together with its head cannot also change what was copied out before, so `verify`
 * with anchors finds even that. One line per anchor: `chain:pos hash recorded` (lines written
 * when there was one chain read `pos hash recorded`, on chain 1).
 */

export interface AuditHead {
  chain: number;
  pos: string;
  hash: string;
}

/** Every chain's head. */
export async function readAuditHead(exec: SqlExecutor): Promise<AuditHead[]> {
  const r = await exec.query<{ chain: number; pos: string; hash: string }>(
    'SELECT id AS chain, pos::text AS pos, hash FROM audit_head ORDER BY id',
  );
  return r.rows.map((h) => ({ chain: Number(h.chain), pos: h.pos, hash: h.hash }));
}

/** Parses an anchor file; lines that are not anchors are refused, so a damaged file is noticed. */
export async function readAnchors(file: string): Promise<Map<string, string>> {
  const anchors = new Map<string, string>();
  const text = await readFile(file, 'utf8');
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(?:(\d{1,2}):)?(\d{1,19}) ([0-9a-f]{64})(?: \S+)?$/.exec(line.trim());
    if (!m) throw new Error(`${file}, line ${i + 1}: not an audit anchor ("chain:pos hash [recorded]")`);
    anchors.set(placeOf(Number(m[1] ?? 1), m[2]!), m[3]!);
  });
  return anchors;
}

/**
 * Appends each chain's head to `file` whenever it has moved, every `intervalMs`; and once more on `stop`.
 * Appending only: the file is a log an operator may ship elsewhere.
 */
export function startAnchorWriter(deps: {
  exec: SqlExecutor;
  file: string;
  intervalMs?: number;
  now?: () => Date;
}): { stop(): Promise<void> } {
  const now = deps.now ?? (() => new Date());
  const last = new Map<number, string>();
  let running: Promise<void> = Promise.resolve();
  const write = () => {
    running = running.then(async () => {
      try {
        const moved = (await readAuditHead(deps.exec)).filter(
          (h) => h.pos !== '0' && h.pos !== last.get(h.chain),
        );
        if (moved.length === 0) return;
        const at = now().toISOString();
        const lines = moved.map((h) => `${placeOf(h.chain, h.pos)} ${h.hash} ${at}\n`).join('');
        await appendFile(deps.file, lines, { mode: 0o600 });
        for (const h of moved) last.set(h.chain, h.pos);
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
