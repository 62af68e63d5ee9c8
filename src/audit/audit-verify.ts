import type { SqlExecutor } from '../store/index.js';
import { chainHash, GENESIS_HASH, placeOf } from './audit-chain.js';
import { recordsOfBlock } from './audit-block.js';
import type { StoredBlock } from './audit-block.js';
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
  | { kind: 'anchor-mismatch'; seq: string; place: string }
  /** A block whose text is not a block's, or whose bounds do not fit its records: none of its records can be read. */
  | { kind: 'block-changed'; seq: string; chain: number; from: string; to: string };

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
/** Blocks read at a time (a block holds up to a batch of records). */
const BLOCK_PAGE = 20;
const MAX_PROBLEMS = 10_000;
const BEFORE_ALL = '-9223372036854775808';

// The instant rendered exactly as the appender hashed it (JavaScript's toISOString).
const SELECT_PAGE = `SELECT seq, pos, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded,
  subtype, action, outcome, agent_subject, agent_person, agent_org, patient_ids, purpose, content, prev_hash, hash
  FROM audit_event WHERE chain = $1 AND pos > $2 ORDER BY pos LIMIT $3`;
// Ordered by the column, not by its text rendering of the same name.
const SELECT_BLOCKS = `SELECT b.seq::text AS seq, b.chain, b.first_pos::text AS first_pos, b.last_pos::text AS last_pos,
  to_char(b.recorded_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_from,
  to_char(b.recorded_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_to, b.records
  FROM audit_block b WHERE b.chain = $1 AND b.first_pos > $2 ORDER BY b.first_pos LIMIT $3`;

type Block = StoredBlock & {
  chain: number;
  first_pos: string;
  last_pos: string;
  recorded_from: string;
  recorded_to: string;
};

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
    case 'block-changed':
      return `block ${p.seq} (records at ${p.chain}:${p.from}–${p.to}) was changed: its records cannot be read`;
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
  // Where each table was read up to: a row's `pos`, a block's `first_pos`.
  const read = { rows: BEFORE_ALL, blocks: BEFORE_ALL };
  let lastPos = 0n;
  let lastSeq = '';
  let lastHash: string | undefined = GENESIS_HASH;
  // Whether the previous record was already reported (so a broken link after it is explained).
  let previousReported = false;
  let previousInPlace = true;

  const check = (row: Row) => {
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
    if (pos < expected && !explained) {
      // A block moved over places already taken, or a record's place rewritten inside its block.
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
        // Both records sit where they were written: the one before was rewritten, hash and all.
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
    if (pos > lastPos) lastPos = pos;
    lastSeq = row.seq;
    lastHash = row.hash;
    checked++;
  };

  const walk = async () => {
    for await (const item of inPlaceOrder(exec, chain, read)) {
      if ('records' in item) {
        report({ kind: 'block-changed', seq: item.seq, chain, from: item.first_pos, to: item.last_pos });
        // Its places are accounted for by the report, not as a gap.
        const last = BigInt(item.last_pos);
        if (last > lastPos) lastPos = last;
        previousReported = true;
        // Its last hash is unknown: the head cannot be checked against it.
        lastHash = undefined;
      } else {
        check(item);
        if (checked % PAGE === 0) onProgress(checked);
      }
    }
    onProgress(checked);
  };

  let head: { pos: string; hash: string };
  for (;;) {
    await walk();
    head = (await readHeads(exec)).get(chain) ?? { pos: '0', hash: GENESIS_HASH };
    if (BigInt(head.pos) <= lastPos) break;
    // Records appended while we walked: read on, unless nothing is there (the tail was removed).
    const more = await exec.query(
      `SELECT 1 FROM audit_event WHERE chain = $1 AND pos > $2
       UNION ALL SELECT 1 FROM audit_block WHERE chain = $1 AND first_pos > $3 LIMIT 1`,
      [chain, read.rows, read.blocks],
    );
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
  } else if (headPos < lastPos || (lastHash !== undefined && head.hash !== lastHash)) {
    report({ kind: 'head-changed', chain, pos: head.pos });
  }
  return checked;
}

/**
 * A chain's records in place order, from rows and blocks alike, read in keyset pages from where
 * `read` says each table was left (and moving it on). A block that cannot be read is yielded whole.
 */
async function* inPlaceOrder(
  exec: SqlExecutor,
  chain: number,
  read: { rows: string; blocks: string },
): AsyncGenerator<Row | Block> {
  const rows = pages(
    read.rows,
    PAGE,
    (r: Row) => r.pos,
    async (after) => (await exec.query<Row>(SELECT_PAGE, [chain, after, PAGE], 'audit-verify-page')).rows,
  );
  const blocks = pages(
    read.blocks,
    BLOCK_PAGE,
    (b: Block) => b.first_pos,
    async (after) =>
      (await exec.query<Block>(SELECT_BLOCKS, [chain, after, BLOCK_PAGE], 'audit-verify-blocks')).rows,
  );
  let row = await rows.next();
  let block = await blocks.next();
  while (!row.done || !block.done) {
    if (!block.done && (row.done || BigInt(block.value.first_pos) <= BigInt(row.value.pos))) {
      read.blocks = block.value.first_pos;
      const records = readableRecords(block.value);
      if (records) yield* records;
      else yield block.value;
      block = await blocks.next();
    } else if (!row.done) {
      read.rows = row.value.pos;
      yield row.value;
      row = await rows.next();
    }
  }
}

/** Items of successive keyset pages of `size`, each page starting after the last item's key. */
async function* pages<T>(
  after: string,
  size: number,
  keyOf: (item: T) => string,
  fetch: (after: string) => Promise<T[]>,
): AsyncGenerator<T> {
  for (;;) {
    const page = await fetch(after);
    yield* page;
    if (page.length < size) return;
    after = keyOf(page[page.length - 1]!);
  }
}

/** A block's records, if its text is a block's and its time bounds (which searches trust) hold them. */
function readableRecords(block: Block): Row[] | undefined {
  const records = recordsOfBlock(block);
  if (!records) return undefined;
  const fits = records.every((r) => r.recorded >= block.recorded_from && r.recorded <= block.recorded_to);
  return fits ? records : undefined;
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
