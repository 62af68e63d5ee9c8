import { errors } from '../fhir/index.js';
import type { SqlDriver, SqlExecutor } from '../store/index.js';
import { blockElement, blockKeys } from './audit-block.js';
import { canonicalOf, chainHash, hashAfter, RECORD_CHAINS, WRITE_CHAINS } from './audit-chain.js';
import { chainedColumns, prepareAudit } from './audit-event.js';
import { runPage } from './audit-page.js';
import type { AuditPage, AuditQuery } from './audit-page.js';
import type { PreparedAudit, StoredAuditRow } from './audit-event.js';
import type { AuditRecord } from './audit-record.js';
import { verifyChain } from './audit-verify.js';
import type { AuditVerifyReport } from './audit-verify.js';

export interface AuditLog {
  /** Appends within the caller's open transaction (writes: the audit commits or rolls back with them). */
  appendIn(exec: SqlExecutor, records: AuditRecord[]): Promise<void>;
  /** Appends on its own, group-committed: many concurrent calls share one transaction. Resolves only when durable; rejects if it could not be written (the caller then refuses to serve the read). */
  record(records: AuditRecord[]): Promise<void>;
  /** Walks the whole chain; finds every changed, removed (gap) or reordered record. */
  verify(options?: {
    onProgress?: (checked: number) => void;
    anchors?: Map<string, string>;
  }): Promise<AuditVerifyReport>;
  /**
   * Accesses to one person's record (their linked records' ids), newest first, keyset paged, as FHIR
   * AuditEvents showing of each interaction what it touched of theirs and nothing of anyone else's.
   */
  accessesFor(patientId: string | string[], page: { count: number; cursor?: string }): Promise<AuditPage>;
  /** Privacy officer search: any combination of patient, agent (principal.subject or person ref), organization, subtype, from/to instants; newest first; keyset paged. */
  search(query: AuditQuery, page: { count: number; cursor?: string }): Promise<AuditPage>;
  /** Waits for pending group commits (shutdown, tests). */
  flush(): Promise<void>;
}

/** Inserted by the appenders; `seq` (the record's id) comes from the database's sequence. */
const EVENT_COLUMNS = [
  'chain',
  'pos',
  'recorded',
  'subtype',
  'action',
  'outcome',
  'agent_subject',
  'agent_person',
  'agent_org',
  'patient_ids',
  'purpose',
  'content',
  'prev_hash',
  'hash',
];
/**
 * A write transaction's rows, sent as one JSON parameter: JSON.stringify escapes the records' quotes
 * natively, where a text-array parameter is escaped a character at a time in JavaScript.
 */
const EVENTS_FROM_JSON = (
  param: string,
) => `json_to_recordset(${param}::json) AS u(chain smallint, pos bigint,
  recorded timestamptz, subtype text, action text, outcome text, agent_subject text, agent_person text,
  agent_org text, patient_ids text[], purpose text, content text, prev_hash text, hash text)`;
/** Times a batch chains again after losing its chain's head to another appender before it gives up. */
const MAX_ATTEMPTS = 20;

interface Pending {
  prepared: PreparedAudit[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface AuditLogDeps {
  driver: SqlDriver;
  now?: () => Date;
  maxBatch?: number;
  /** Records that must be waiting before a second (third…) chain takes a batch while one is on its way. */
  spreadAt?: number;
  /**
   * How `record()` (reads and other interactions that write nothing else) commits. `sync`, the
   * default: a read is answered only once its record is flushed to disk. `async`: once it is in the
   * database's write-ahead log, without waiting for the flush (a power failure of the database server
   * could lose the last fraction of a second of read records; a crash of Heartwood could not). Writes
   * and their audit records are always fully durable, committing together.
   */
  readDurability?: 'sync' | 'async';
}

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const now = deps.now ?? (() => new Date());
  const maxBatch = Math.max(1, deps.maxBatch ?? 500);
  const spreadAt = Math.max(1, deps.spreadAt ?? 64);
  const asyncCommit = (deps.readDurability ?? 'sync') === 'async';
  const queue: Pending[] = [];
  /** Records in `queue`. */
  let queued = 0;
  /** The tip this process expects next on each record chain; absent when it must be read again. */
  const tips = new Map<number, ChainTip>();
  /** Record chains with no batch on its way: each carries one batch at a time. */
  const free = [...RECORD_CHAINS];
  const writeChains: WriteChains = { held: new WeakMap(), tips: new Map() };
  let inFlight = 0;
  let idle: Promise<void> | undefined;
  let settle: (() => void) | undefined;

  // One statement, in a transaction of its own: one round trip per batch, stored as one block.
  // Another process (or a previous failure) may have moved the head: then nothing is written and the
  // batch chains again.
  async function append(chain: number, prepared: PreparedAudit[]): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const expected = tips.get(chain) ?? (await readTip(deps.driver, chain, false));
      const block = blockAfter(chain, expected, prepared);
      tips.set(chain, block.tip);
      if (await appendBlockIfTip(deps.driver, chain, expected, block, asyncCommit ? 'off' : 'on')) return;
      tips.delete(chain);
    }
    throw new Error('the audit head kept moving');
  }

  async function flight(chain: number, batch: Pending[]): Promise<void> {
    let failure: unknown;
    try {
      await append(
        chain,
        batch.flatMap((b) => b.prepared),
      );
    } catch {
      tips.delete(chain);
      // No SQL detail leaves: the caller refuses to serve what it could not audit.
      failure = errors.unavailable('The audit trail could not be written; try again shortly.');
    }
    // The chain is free again before its callers go on, so a caller's next record can take it.
    inFlight--;
    free.push(chain);
    for (const b of batch) {
      if (failure === undefined) b.resolve();
      else b.reject(failure);
    }
    if (queue.length > 0) pump();
    else if (inFlight === 0 && settle) {
      settle();
      settle = undefined;
      idle = undefined;
    }
  }

  // While batches are on their way, new records queue up and go together in the next one. Another
  // chain is taken only once enough records wait: a batch's statement and commit cost about 250 µs of
  // CPU, a record in it about 10 µs, so small batches side by side would spend the machine on overhead.
  function pump(): void {
    while (free.length > 0 && queue.length > 0 && (inFlight === 0 || queued >= spreadAt)) {
      // The lowest free chain: a quiet log keeps to one chain, whose tip this process already knows.
      const chain = Math.min(...free);
      free.splice(free.indexOf(chain), 1);
      const batch: Pending[] = [];
      let size = 0;
      while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.prepared.length <= maxBatch)) {
        const item = queue.shift()!;
        batch.push(item);
        size += item.prepared.length;
        queued -= item.prepared.length;
      }
      inFlight++;
      void flight(chain, batch);
    }
  }

  return {
    async appendIn(exec, records) {
      const at = now();
      const prepared = records.map((r) => prepareAudit(r, at));
      if (prepared.length > 0) await appendPrepared(exec, prepared, writeChains);
    },
    record(records) {
      let prepared: PreparedAudit[];
      try {
        const at = now();
        prepared = records.map((r) => prepareAudit(r, at));
      } catch (e) {
        return Promise.reject(e);
      }
      if (prepared.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ prepared, resolve, reject });
        queued += prepared.length;
        pump();
      });
    },
    verify: (options) => verifyChain(deps.driver, options),
    async accessesFor(patientId, page) {
      // One person may have several linked records: their accesses are one log, and what it shows
      // of an interaction is what it touched of theirs.
      const ids = (Array.isArray(patientId) ? patientId : [patientId]).map((p) =>
        p.replace(/^Patient\//, ''),
      );
      const view = { patients: new Set(ids) };
      if (ids.length !== 1) return runPage(deps.driver, { anyPatient: ids }, page, view);
      return runPage(deps.driver, { patient: ids[0] }, page, view);
    },
    search: (query, page) => runPage(deps.driver, query, page),
    async flush() {
      if (inFlight === 0 && queue.length === 0) return;
      idle ??= new Promise<void>((resolve) => (settle = resolve));
      await idle;
    },
  };
}

interface ChainTip {
  pos: bigint;
  hash: string;
}

/** One `audit_event` row as the insert reads it from JSON (`json_to_recordset`); the id comes from the sequence. */
type EventRow = Omit<StoredAuditRow, 'seq'> & { chain: number; pos: string; prev_hash: string; hash: string };

interface ChainedBatch {
  rows: EventRow[];
  patientId: string[];
  patientPos: string[];
  tip: ChainTip;
}

/** Places and hashes records after `tip` on `chain`: the rows to insert and the tip they leave. */
function chainAfter(chain: number, tip: ChainTip, prepared: PreparedAudit[]): ChainedBatch {
  let pos = tip.pos;
  let prev = tip.hash;
  const rows: EventRow[] = [];
  const patientPos: string[] = [];
  const patientId: string[] = [];
  for (const p of prepared) {
    pos += 1n;
    const at = pos.toString();
    const columns = chainedColumns(chain, at, p);
    const hash = chainHash(prev, columns);
    rows.push({
      chain,
      pos: at,
      recorded: columns.recorded,
      subtype: columns.subtype,
      action: columns.action,
      outcome: columns.outcome,
      agent_subject: columns.agentSubject,
      agent_person: columns.agentPerson,
      agent_org: columns.agentOrg,
      patient_ids: columns.patientIds,
      purpose: columns.purpose,
      content: columns.content,
      prev_hash: prev,
      hash,
    });
    for (const id of p.patientIds) {
      patientId.push(id);
      patientPos.push(at);
    }
    prev = hash;
  }
  return { rows, patientId, patientPos, tip: { pos, hash: prev } };
}

interface ChainedBlock {
  /** The block's JSON text (see `StoredBlock.records`). */
  records: string;
  keys: string[];
  recordedFrom: string;
  recordedTo: string;
  tip: ChainTip;
}

/** Places and hashes records after `tip` on `chain` as one block. */
function blockAfter(chain: number, tip: ChainTip, prepared: PreparedAudit[]): ChainedBlock {
  let pos = tip.pos;
  let prev = tip.hash;
  let from = prepared[0]!.recorded;
  let to = from;
  const elements: string[] = [];
  for (const p of prepared) {
    pos += 1n;
    const at = pos.toString();
    const canonical = canonicalOf(chainedColumns(chain, at, p));
    const hash = hashAfter(prev, canonical);
    elements.push(blockElement(canonical, prev, hash));
    prev = hash;
    // ISO instants of one format compare as strings.
    if (p.recorded < from) from = p.recorded;
    if (p.recorded > to) to = p.recorded;
  }
  return {
    records: `[${elements.join(',')}]`,
    keys: blockKeys(prepared),
    recordedFrom: from,
    recordedTo: to,
    tip: { pos, hash: prev },
  };
}

/** Parameters $1–$5 of an append: the head's new tip, its chain, and the tip it must still have. */
function headMove(
  chain: number,
  expected: ChainTip,
  tip: ChainTip,
): [string, string, number, string, string] {
  return [tip.pos.toString(), tip.hash, chain, expected.pos.toString(), expected.hash];
}

/**
 * Appends a block chained after the tip this process expects, in one statement that moves the head
 * only if it is still there, so the head's row lock is held for one statement and its commit.
 * Returns false when another appender moved the head first (nothing was written): the caller
 * re-reads the tip and chains again.
 */
async function appendBlockIfTip(
  exec: SqlExecutor,
  chain: number,
  expected: ChainTip,
  block: ChainedBlock,
  synchronousCommit: 'on' | 'off',
): Promise<boolean> {
  const r = await exec.query<{ moved: string }>(
    `WITH durability AS (
       -- Local to the transaction: a read record's commit may skip waiting for the disk flush.
       SELECT set_config('synchronous_commit', $9, true) AS setting
     ), head AS (
       UPDATE audit_head SET pos = $1, hash = $2
       WHERE id = $3 AND pos = $4 AND hash = $5 AND EXISTS (SELECT 1 FROM durability)
       RETURNING 1
     ), block AS (
       INSERT INTO audit_block (chain, first_pos, last_pos, recorded_from, recorded_to, records)
       SELECT $3, $4::bigint + 1, $1, $6, $7, $8
       WHERE EXISTS (SELECT 1 FROM head)
       RETURNING seq
     ), keys AS (
       INSERT INTO audit_block_key (key, seq) SELECT k, block.seq FROM block, unnest($10::text[]) AS k
     )
     SELECT count(*)::text AS moved FROM head`,
    [
      ...headMove(chain, expected, block.tip),
      block.recordedFrom,
      block.recordedTo,
      block.records,
      synchronousCommit,
      block.keys,
    ],
    'audit-append-block',
  );
  return r.rows[0]?.moved === '1';
}

async function readTip(exec: SqlExecutor, chain: number, lock: boolean): Promise<ChainTip> {
  const head = await exec.query<{ pos: string; hash: string }>(
    `SELECT pos, hash FROM audit_head WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [chain],
    lock ? 'audit-head-lock' : 'audit-head-read',
  );
  const tip = head.rows[0];
  if (!tip) throw new Error(`audit_head has no chain ${chain}`);
  return { pos: BigInt(tip.pos), hash: tip.hash };
}

/** What an audit log remembers of the write chains across transactions. */
interface WriteChains {
  /** The chain each open transaction holds, so a second append in it stays on that chain. */
  held: WeakMap<SqlExecutor, number>;
  /** The tip each write chain had after this process last appended to it. */
  tips: Map<number, ChainTip>;
}

/**
 * Chains and inserts records inside the caller's transaction. It takes a write chain no other
 * transaction holds, keeping the head's lock until the caller commits, so the places it took are its
 * own, and a rollback gives them back, leaving no gap. Usually in one statement: the records are
 * chained after the tip this process last left on each write chain, and the statement takes the
 * first free chain whose head is still there. Otherwise (a rollback, another process) it locks a free
 * head, reads it and appends after it; when all four are held it waits for one.
 */
async function appendPrepared(
  exec: SqlExecutor,
  prepared: PreparedAudit[],
  chains: WriteChains,
): Promise<void> {
  let chain = chains.held.get(exec);
  if (chain === undefined) {
    chain = await appendOnAnyFreeChain(exec, prepared, chains.tips);
    if (chain !== undefined) {
      chains.held.set(exec, chain);
      return;
    }
  }
  let tip: ChainTip;
  if (chain !== undefined) {
    tip = await readTip(exec, chain, true);
  } else {
    const r = await exec.query<{ id: number; pos: string; hash: string }>(
      `SELECT id, pos, hash FROM audit_head WHERE id = ANY($1::smallint[]) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [WRITE_CHAINS],
      'audit-head-take',
    );
    const row = r.rows[0];
    if (row) {
      chain = Number(row.id);
      tip = { pos: BigInt(row.pos), hash: row.hash };
    } else {
      // Every write chain is held: wait for one, spreading the waiters over them.
      chain = WRITE_CHAINS[Math.floor(Math.random() * WRITE_CHAINS.length)]!;
      tip = await readTip(exec, chain, true);
    }
    chains.held.set(exec, chain);
  }
  const chained = chainAfter(chain, tip, prepared);
  const moved = await appendRows(exec, chain, tip, chained);
  if (!moved) throw new Error('audit head moved under its lock');
  chains.tips.set(chain, chained.tip);
}

/**
 * One statement: the records chained after each remembered write-chain tip, inserted on the first of
 * those chains that no other transaction holds and whose head is still that tip (its lock then kept
 * until the caller's transaction ends). Returns the chain, or undefined when none qualified (nothing
 * written).
 */
async function appendOnAnyFreeChain(
  exec: SqlExecutor,
  prepared: PreparedAudit[],
  tips: Map<number, ChainTip>,
): Promise<number | undefined> {
  if (tips.size === 0) return undefined;
  const variants = [...tips].map(([chain, tip]) => ({
    chain,
    tip,
    chained: chainAfter(chain, tip, prepared),
  }));
  const rows = variants.flatMap((v) => v.chained.rows);
  const r = await exec.query<{ id: number }>(
    `WITH pick AS (
       SELECT h.id FROM audit_head h
       JOIN unnest($1::smallint[], $2::bigint[], $3::text[]) AS t(chain, pos, hash)
         ON t.chain = h.id AND t.pos = h.pos AND t.hash = h.hash
       ORDER BY h.id LIMIT 1 FOR UPDATE OF h SKIP LOCKED
     ), head AS (
       UPDATE audit_head h SET pos = t.pos, hash = t.hash
       FROM pick, unnest($1::smallint[], $4::bigint[], $5::text[]) AS t(chain, pos, hash)
       WHERE h.id = pick.id AND t.chain = pick.id
       RETURNING h.id
     ), events AS (
       INSERT INTO audit_event (${EVENT_COLUMNS.join(', ')})
       SELECT ${EVENT_COLUMNS.join(', ')} FROM ${EVENTS_FROM_JSON('$6')}
       WHERE chain = (SELECT id FROM head)
       RETURNING seq, pos
     ), patients AS (
       INSERT INTO audit_patient (patient_id, seq)
       SELECT p.patient_id, e.seq FROM unnest($7::text[], $8::bigint[], $9::smallint[]) AS p(patient_id, pos, chain)
       JOIN events e ON e.pos = p.pos
       WHERE p.chain = (SELECT id FROM head)
     )
     SELECT id FROM head`,
    [
      variants.map((v) => v.chain),
      variants.map((v) => v.tip.pos.toString()),
      variants.map((v) => v.tip.hash),
      variants.map((v) => v.chained.tip.pos.toString()),
      variants.map((v) => v.chained.tip.hash),
      JSON.stringify(rows),
      variants.flatMap((v) => v.chained.patientId),
      variants.flatMap((v) => v.chained.patientPos),
      variants.flatMap((v) => v.chained.patientId.map(() => v.chain)),
    ],
    'audit-append-any-free',
  );
  const picked = r.rows[0] === undefined ? undefined : Number(r.rows[0].id);
  const used = variants.find((v) => v.chain === picked);
  if (!used) return undefined;
  tips.set(used.chain, used.chained.tip);
  return used.chain;
}

/**
 * Inserts a write transaction's records after the tip of the write chain it holds, moving the head
 * in the same statement. Returns false if the head is not that tip (nothing written).
 */
async function appendRows(
  exec: SqlExecutor,
  chain: number,
  expected: ChainTip,
  batch: ChainedBatch,
): Promise<boolean> {
  const r = await exec.query<{ moved: string }>(
    `WITH head AS (
       UPDATE audit_head SET pos = $1, hash = $2
       WHERE id = $3 AND pos = $4 AND hash = $5
       RETURNING 1
     ), events AS (
       INSERT INTO audit_event (${EVENT_COLUMNS.join(', ')})
       SELECT ${EVENT_COLUMNS.join(', ')} FROM ${EVENTS_FROM_JSON('$6')}
       WHERE EXISTS (SELECT 1 FROM head)
       RETURNING seq, pos
     ), patients AS (
       INSERT INTO audit_patient (patient_id, seq)
       SELECT p.patient_id, e.seq FROM unnest($7::text[], $8::bigint[]) AS p(patient_id, pos)
       JOIN events e ON e.pos = p.pos
     )
     SELECT count(*)::text AS moved FROM head`,
    [...headMove(chain, expected, batch.tip), JSON.stringify(batch.rows), batch.patientId, batch.patientPos],
    'audit-append-rows',
  );
  return r.rows[0]?.moved === '1';
}
