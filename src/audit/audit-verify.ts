import type { SqlExecutor } from '../store/index.js';
import { chainHash, GENESIS_HASH, placeOf } from './audit-chain.js';
import { placeInContent } from './audit-event.js';
import type { StoredAuditRow } from './audit-event.js';
import type { ChainedColumns } from './audit-chain.js';

/** One finding of `verify`, naming records by their id (`seq`) and their place (`chain:pos`). */
export type AuditProblem =
  | { kind: 'changed'; seq: string; place: string }
  | { kind: 'missing'; chain: number; from: string; to: string }
  | { kind: 'out-of-order'; seq: string; place: string }
  | { kind: 'head-changed'; chain: number; pos: string }
  /** A record does not match the hash an anchor kept outside the database recorded for it. */
  | { kind: 'anchor-mismatch'; seq: string; place: string };

export interface AuditVerifyReport {
  /** True when every chain and its head check out. */
  ok: boolean;
  /** Records read. */
  checked: number;
  /** Chains walked. */
  chains: number;
  problems: AuditProblem[];
  /** Set when more problems were found than are listed. */
  truncated?: boolean;
}

type Row = StoredAuditRow & { pos: string; prev_hash: string; hash: string };

const PAGE = 1000;
const MAX_PROBLEMS = 10_000;
const BEFORE_ALL = '-9223372036854775808';

// The instant rendered exactly as the appender hashed it (JavaScript's toISOString).
const SELECT_PAGE = `SELECT seq, pos, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded,
  subtype, action, outcome, agent_subject, agent_person, agent_org, patient_ids, purpose, content, prev_hash, hash
  FROM audit_event WHERE chain = $1 AND pos > $2 ORDER BY pos LIMIT $3`;

/** One line per problem, as `heartwood audit verify` prints it. */
export function describeProblem(p: AuditProblem): string {
  switch (p.kind) {
    case 'changed':
      return `record ${p.seq} (at ${p.place}) was changed`;
    case 'missing':
      return p.from === p.to
        ? `chain ${p.chain}: the record at position ${p.from} is missing`
        : `chain ${p.chain}: the records at positions ${p.from}–${p.to} are missing`;
    case 'out-of-order':
      return `record ${p.seq} (at ${p.place}) is out of order`;
    case 'head-changed':
      return `the head of chain ${p.chain} was changed (it names position ${p.pos} as the last)`;
    case 'anchor-mismatch':
      return `record ${p.seq} (at ${p.place}) differs from the anchor kept outside the database: the chain was rewritten from there or before`;
  }
}

/**
 * Walks every chain in keyset pages (memory stays flat however long they are) and names every
 * changed, removed or reordered record.
 *
 * - A row whose hash does not match its own columns was changed; if it matches with the place its
 *   content carries, it is an intact record moved to another place.
 * - A jump in `pos` is a removal (a chain's places are handed out without gaps, rollbacks included).
 * - An intact row whose `prev_hash` is not the previous row's hash is out of order, or, when it is in
 *   its own place, follows a row that was replaced with a recomputed hash.
 * - Each head must name its chain's last row and its hash; a head beyond the last row means the tail
 *   was removed.
 */
export async function verifyChain(
  exec: SqlExecutor,
  options: {
    onProgress?: (checked: number) => void;
    /** Hashes of records copied out of the database earlier (`chain:pos` → `hash`). */
    anchors?: Map<string, string>;
  } = {},
): Promise<AuditVerifyReport> {
  const anchors = options.anchors ?? new Map<string, string>();
  const problems: AuditProblem[] = [];
  let truncated = false;
  const report = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else truncated = true;
  };
  let checked = 0;
  const heads = await readHeads(exec);
  const anchored = new Set<string>();
  for (const chain of heads.keys()) {
    checked += await verifyOne(exec, chain, anchors, anchored, report, (n) => {
      options.onProgress?.(checked + n);
    });
  }
  return {
    ok: problems.length === 0,
    checked,
    chains: heads.size,
    problems,
    ...(truncated ? { truncated } : {}),
  };
}

async function verifyOne(
  exec: SqlExecutor,
  chain: number,
  anchors: Map<string, string>,
  anchored: Set<string>,
  report: (p: AuditProblem) => void,
  onProgress: (checkedInChain: number) => void,
): Promise<number> {
  let checked = 0;
  let cursor = BEFORE_ALL;
  let lastPos = 0n;
  let lastSeq = '';
  let lastHash = GENESIS_HASH;
  // Whether the previous row was already reported (so a broken link after it is explained).
  let previousReported = false;
  let previousInPlace = true;

  const walk = async () => {
    for (;;) {
      const page = await exec.query<Row>(SELECT_PAGE, [chain, cursor, PAGE], 'audit-verify-page');
      for (const row of page.rows) {
        const pos = BigInt(row.pos);
        const place = placeOf(chain, row.pos);
        const expected = lastPos + 1n;
        let explained = false;
        if (pos > expected) {
          report({ kind: 'missing', chain, from: expected.toString(), to: (pos - 1n).toString() });
          explained = true;
        }
        const columns = columnsOf(chain, row);
        const claimed = placeInContent(row.content);
        const inPlace = claimed === place;
        let reported = false;
        if (pos < 1n) {
          report({ kind: 'out-of-order', seq: row.seq, place });
          reported = true;
        } else if (chainHash(row.prev_hash, columns) !== row.hash) {
          const moved = claimed !== undefined && !inPlace && hashesAt(claimed, row);
          report({ kind: moved ? 'out-of-order' : 'changed', seq: row.seq, place });
          reported = true;
        } else if (!explained && !previousReported && row.prev_hash !== lastHash) {
          if (!inPlace) {
            report({ kind: 'out-of-order', seq: row.seq, place });
            reported = true;
          } else if (lastPos === 0n) {
            // The first record does not start from the genesis value: it was rewritten.
            report({ kind: 'changed', seq: row.seq, place });
            reported = true;
          } else if (previousInPlace) {
            // Both rows sit where they were written: the one before was rewritten, hash and all.
            report({ kind: 'changed', seq: lastSeq, place: placeOf(chain, lastPos) });
          } else {
            report({ kind: 'out-of-order', seq: row.seq, place });
            reported = true;
          }
        }
        const anchor = anchors.get(place);
        if (anchor !== undefined) {
          anchored.add(place);
          if (anchor !== row.hash) report({ kind: 'anchor-mismatch', seq: row.seq, place });
        }
        previousReported = reported;
        previousInPlace = inPlace;
        if (pos >= 1n) lastPos = pos;
        lastSeq = row.seq;
        lastHash = row.hash;
        cursor = row.pos;
        checked++;
      }
      if (page.rows.length > 0) onProgress(checked);
      if (page.rows.length < PAGE) return;
    }
  };

  let head: { pos: string; hash: string };
  for (;;) {
    await walk();
    head = (await readHeads(exec)).get(chain) ?? { pos: '0', hash: GENESIS_HASH };
    if (BigInt(head.pos) <= lastPos) break;
    // Records appended while we walked: read on, unless nothing is there (the tail was removed).
    const more = await exec.query('SELECT 1 FROM audit_event WHERE chain = $1 AND pos > $2 LIMIT 1', [
      chain,
      cursor,
    ]);
    if (more.rows.length === 0) break;
  }
  // An anchor beyond the end: the tail it vouches for is gone, head and all.
  const beyond = [...anchors.keys()]
    .filter((place) => place.startsWith(`${chain}:`) && !anchored.has(place))
    .map((place) => BigInt(place.slice(place.indexOf(':') + 1)))
    .filter((pos) => pos > lastPos);
  if (beyond.length > 0) {
    const last = beyond.reduce((a, b) => (a > b ? a : b));
    report({ kind: 'missing', chain, from: (lastPos + 1n).toString(), to: last.toString() });
  }
  const headPos = BigInt(head.pos);
  if (headPos > lastPos) {
    report({ kind: 'missing', chain, from: (lastPos + 1n).toString(), to: head.pos });
  } else if (headPos < lastPos || head.hash !== lastHash) {
    report({ kind: 'head-changed', chain, pos: head.pos });
  }
  return checked;
}

async function readHeads(exec: SqlExecutor): Promise<Map<number, { pos: string; hash: string }>> {
  const r = await exec.query<{ id: number; pos: string; hash: string }>(
    'SELECT id, pos::text AS pos, hash FROM audit_head ORDER BY id',
  );
  return new Map(r.rows.map((h) => [Number(h.id), { pos: h.pos, hash: h.hash }]));
}

/** Whether the row's hash is right for the place its content names (an intact record moved). */
function hashesAt(place: string, row: Row): boolean {
  const [chain, pos] = place.split(':') as [string, string];
  return chainHash(row.prev_hash, { ...columnsOf(Number(chain), row), pos }) === row.hash;
}

function columnsOf(chain: number, row: Row): ChainedColumns {
  return {
    chain,
    pos: row.pos,
    recorded: row.recorded,
    subtype: row.subtype,
    action: row.action,
    outcome: row.outcome,
    agentSubject: row.agent_subject,
    agentPerson: row.agent_person,
    agentOrg: row.agent_org,
    patientIds: row.patient_ids,
    purpose: row.purpose,
    content: row.content,
  };
}
