import type { SqlExecutor } from '../store/index.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import type { ChainedColumns } from './audit-chain.js';

/** One finding of `verify`, naming the records it concerns by their sequence number. */
export type AuditProblem =
  | { kind: 'changed'; seq: string }
  | { kind: 'missing'; from: string; to: string }
  | { kind: 'out-of-order'; seq: string }
  | { kind: 'head-changed'; seq: string }
  /** A record does not match the hash an anchor kept outside the database recorded for it. */
  | { kind: 'anchor-mismatch'; seq: string };

export interface AuditVerifyReport {
  /** True when the whole chain and its head check out. */
  ok: boolean;
  /** Records read. */
  checked: number;
  /** Sequence number of the last record, according to the head. */
  headSeq: string;
  problems: AuditProblem[];
  /** Set when more problems were found than are listed. */
  truncated?: boolean;
}

interface Row {
  seq: string;
  recorded: string;
  subtype: string;
  action: string;
  outcome: string;
  agent_subject: string;
  agent_person: string | null;
  agent_org: string | null;
  patient_ids: string[];
  purpose: string | null;
  content: string;
  prev_hash: string;
  hash: string;
}

const PAGE = 1000;
const MAX_PROBLEMS = 10_000;
const BEFORE_ALL = '-9223372036854775808';

// The instant rendered exactly as the appender hashed it (JavaScript's toISOString).
const SELECT_PAGE = `SELECT seq, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded,
  subtype, action, outcome, agent_subject, agent_person, agent_org, patient_ids, purpose, content, prev_hash, hash
  FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2`;

/** One line per problem, as `heartwood audit verify` prints it. */
export function describeProblem(p: AuditProblem): string {
  switch (p.kind) {
    case 'changed':
      return `record ${p.seq} was changed`;
    case 'missing':
      return p.from === p.to ? `record ${p.from} is missing` : `records ${p.from}–${p.to} are missing`;
    case 'out-of-order':
      return `record ${p.seq} is out of order`;
    case 'head-changed':
      return `the chain head was changed (it names record ${p.seq} as the last)`;
    case 'anchor-mismatch':
      return `record ${p.seq} differs from the anchor kept outside the database: the chain was rewritten from there or before`;
  }
}

/**
 * Walks the whole chain in keyset pages (memory stays flat however long it is) and names every
 * changed, removed or reordered record.
 *
 * - A row whose hash does not match its own columns was changed; if it matches with the sequence
 *   number its content carries (the AuditEvent id), it is an intact record moved to another place.
 * - A jump in `seq` is a removal (the head hands numbers out without gaps, rollbacks included).
 * - An intact row whose `prev_hash` is not the previous row's hash is out of order, or, when it is in
 *   its own place, follows a row that was replaced with a recomputed hash.
 * - The head must name the last row and its hash; a head beyond the last row means the tail was removed.
 */
export async function verifyChain(
  exec: SqlExecutor,
  options: {
    onProgress?: (checked: number) => void;
    /** Hashes of records copied out of the database earlier (`seq` → `hash`). */
    anchors?: Map<string, string>;
  } = {},
): Promise<AuditVerifyReport> {
  const anchors = options.anchors ?? new Map<string, string>();
  let anchorsMet = 0;
  const problems: AuditProblem[] = [];
  let truncated = false;
  const report = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else truncated = true;
  };
  let checked = 0;
  let cursor = BEFORE_ALL;
  let lastSeq = 0n;
  let lastHash = GENESIS_HASH;
  // Whether the previous row was already reported (so a broken link after it is explained).
  let previousReported = false;
  let previousInPlace = true;

  const walk = async () => {
    for (;;) {
      const page = await exec.query<Row>(SELECT_PAGE, [cursor, PAGE], 'audit-verify-page');
      for (const row of page.rows) {
        const seq = BigInt(row.seq);
        const expected = lastSeq + 1n;
        let explained = false;
        if (seq > expected) {
          report({ kind: 'missing', from: expected.toString(), to: (seq - 1n).toString() });
          explained = true;
        }
        const columns = columnsOf(row);
        const claimed = contentId(row.content);
        const inPlace = claimed === row.seq;
        let reported = false;
        if (seq < 1n) {
          report({ kind: 'out-of-order', seq: row.seq });
          reported = true;
        } else if (chainHash(row.prev_hash, columns) !== row.hash) {
          const moved =
            claimed !== undefined &&
            !inPlace &&
            chainHash(row.prev_hash, { ...columns, seq: claimed }) === row.hash;
          report({ kind: moved ? 'out-of-order' : 'changed', seq: row.seq });
          reported = true;
        } else if (!explained && !previousReported && row.prev_hash !== lastHash) {
          if (!inPlace) {
            report({ kind: 'out-of-order', seq: row.seq });
            reported = true;
          } else if (lastSeq === 0n) {
            // The first record does not start from the genesis value: it was rewritten.
            report({ kind: 'changed', seq: row.seq });
            reported = true;
          } else if (previousInPlace) {
            // Both rows sit where they were written: the one before was rewritten, hash and all.
            report({ kind: 'changed', seq: lastSeq.toString() });
          } else {
            report({ kind: 'out-of-order', seq: row.seq });
            reported = true;
          }
        }
        const anchored = anchors.get(row.seq);
        if (anchored !== undefined) {
          anchorsMet++;
          if (anchored !== row.hash) report({ kind: 'anchor-mismatch', seq: row.seq });
        }
        previousReported = reported;
        previousInPlace = inPlace;
        if (seq >= 1n) lastSeq = seq;
        lastHash = row.hash;
        cursor = row.seq;
        checked++;
      }
      if (page.rows.length > 0) options.onProgress?.(checked);
      if (page.rows.length < PAGE) return;
    }
  };

  let head: { seq: string; hash: string };
  for (;;) {
    await walk();
    head = await readHead(exec);
    if (BigInt(head.seq) <= lastSeq) break;
    // Records appended while we walked: read on, unless nothing is there (the tail was removed).
    const more = await exec.query('SELECT 1 FROM audit_event WHERE seq > $1 LIMIT 1', [cursor]);
    if (more.rows.length === 0) break;
  }
  // An anchor beyond the end: the tail it vouches for is gone, head and all.
  if (anchorsMet < anchors.size) {
    const beyond = [...anchors.keys()].map(BigInt).filter((seq) => seq > lastSeq);
    if (beyond.length > 0) {
      const last = beyond.reduce((a, b) => (a > b ? a : b));
      report({ kind: 'missing', from: (lastSeq + 1n).toString(), to: last.toString() });
    }
  }
  const headSeq = BigInt(head.seq);
  if (headSeq > lastSeq) {
    report({ kind: 'missing', from: (lastSeq + 1n).toString(), to: head.seq });
  } else if (headSeq < lastSeq || head.hash !== lastHash) {
    report({ kind: 'head-changed', seq: head.seq });
  }
  return {
    ok: problems.length === 0,
    checked,
    headSeq: head.seq,
    problems,
    ...(truncated ? { truncated } : {}),
  };
}

async function readHead(exec: SqlExecutor): Promise<{ seq: string; hash: string }> {
  const r = await exec.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return r.rows[0] ?? { seq: '0', hash: GENESIS_HASH };
}

function columnsOf(row: Row): ChainedColumns {
  return {
    seq: row.seq,
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

/** The id the record was written with (its place in the chain), read without parsing the JSON. */
function contentId(content: string): string | undefined {
  return /^\{(?:"resourceType":"AuditEvent",)?"id":"(-?\d+)"/.exec(content)?.[1];
}
