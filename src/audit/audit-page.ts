import { errors } from '../fhir/index.js';
import type { SqlExecutor } from '../store/index.js';
import { recordsOfBlock } from './audit-block.js';
import type { StoredBlock } from './audit-block.js';
import { auditEventFromRow } from './audit-event.js';
import type { AuditEventResource, PatientView, StoredAuditRow } from './audit-event.js';

/** Privacy officer search; every field narrows, times are ISO instants (`from` inclusive, `to` exclusive). */
export interface AuditQuery {
  /** Patient id (a `Patient/` prefix is ignored). */
  patient?: string;
  /** Any of these Patient ids (the linked records of one person). */
  anyPatient?: string[];
  /** The principal's subject, or the reference of the person acting (`Practitioner/…`). */
  agent?: string;
  /** Organisation id (a `Organization/` prefix is ignored). */
  organization?: string;
  subtype?: string;
  from?: string;
  to?: string;
}

export interface AuditPage {
  events: AuditEventResource[];
  /** Cursor of the next (older) page, when there is one. */
  next?: string;
}

const MAX_PAGE = 1000;
/** A record's id: a row's `seq`, or `seq-i` for the i-th record of block `seq`. */
const CURSOR = /^([0-9]{1,19})(?:-([0-9]{1,6}))?$/;
// The instant exactly as it was hashed and rendered when written (JavaScript's toISOString).
const RENDER_COLUMNS = `e.seq, to_char(e.recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded,
  e.subtype, e.action, e.outcome, e.agent_subject, e.agent_person, e.agent_org, e.patient_ids, e.purpose, e.content`;
/** Blocks opened in a first round; each further round opens twice as many, up to the last. */
const FIRST_BLOCKS = 8;
const MOST_BLOCKS = 256;

/** Where a page starts: records older than `seq` (and, within block `seq`, before record `index`). */
interface Cursor {
  seq: bigint;
  index?: number;
}

/** A record found for the page, with the order it is served in (newest first). */
interface Found {
  seq: bigint;
  index: number;
  row: StoredAuditRow;
}

/**
 * One page, newest first, of records stored a row each (`audit_event`) and in blocks
 * (`audit_block`): both draw their ids from one sequence, so their records interleave by it. The
 * next page's cursor is the id of the last record served.
 */
export async function runPage(
  exec: SqlExecutor,
  query: AuditQuery,
  page: { count: number; cursor?: string },
  /** Renders each record as this person should see it (see `PatientView`). */
  view?: PatientView,
): Promise<AuditPage> {
  const count = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.count)));
  let cursor: Cursor | undefined;
  if (page.cursor !== undefined) {
    const m = CURSOR.exec(page.cursor);
    if (!m) throw errors.invalidParameter('_cursor: not a cursor this server issued.');
    cursor = { seq: BigInt(m[1]!), ...(m[2] !== undefined ? { index: Number(m[2]) } : {}) };
  }
  const normalised: AuditQuery = {
    ...query,
    ...(query.patient !== undefined ? { patient: query.patient.replace(/^Patient\//, '') } : {}),
    ...(query.anyPatient !== undefined
      ? { anyPatient: query.anyPatient.map((p) => p.replace(/^Patient\//, '')) }
      : {}),
    ...(query.organization !== undefined
      ? { organization: query.organization.replace(/^Organization\//, '') }
      : {}),
    ...(query.from !== undefined ? { from: instant(query.from, '_since') } : {}),
    ...(query.to !== undefined ? { to: instant(query.to, '_before') } : {}),
  };
  const [rows, blocked] = await Promise.all([
    rowsPage(exec, normalised, cursor, count + 1),
    blockRecordsPage(exec, normalised, cursor, count + 1),
  ]);
  const found = rows
    .concat(blocked)
    .sort((a, b) => (a.seq === b.seq ? b.index - a.index : a.seq > b.seq ? -1 : 1));
  const served = found.slice(0, count).map((f) => f.row);
  const events = served.map((row) => auditEventFromRow(row, view));
  return found.length > count ? { events, next: served[served.length - 1]!.seq } : { events };
}

/** Records stored a row each: the indexes answer every filter. */
async function rowsPage(
  exec: SqlExecutor,
  query: AuditQuery,
  cursor: Cursor | undefined,
  limit: number,
): Promise<Found[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // With a patient, the side table drives: its (patient_id, seq) key is already in the order served.
  const seqCol = query.patient !== undefined ? 'ap.seq' : 'e.seq';
  let from = 'audit_event e';
  if (query.patient !== undefined) {
    from = 'audit_patient ap JOIN audit_event e ON e.seq = ap.seq';
    where.push(`ap.patient_id = ${bind(query.patient)}`);
  } else if (query.anyPatient !== undefined) {
    where.push(
      `e.seq IN (SELECT ap.seq FROM audit_patient ap WHERE ap.patient_id = ANY(${bind(query.anyPatient)}::text[]))`,
    );
  }
  if (query.agent !== undefined) {
    const p = bind(query.agent);
    where.push(`(e.agent_subject = ${p} OR e.agent_person = ${p})`);
  }
  if (query.organization !== undefined) where.push(`e.agent_org = ${bind(query.organization)}`);
  if (query.subtype !== undefined) where.push(`e.subtype = ${bind(query.subtype)}`);
  if (query.from !== undefined) where.push(`e.recorded >= ${bind(query.from)}::timestamptz`);
  if (query.to !== undefined) where.push(`e.recorded < ${bind(query.to)}::timestamptz`);
  // Row ids and block ids come from one sequence: a cursor in a block bounds rows by its id too.
  if (cursor !== undefined) where.push(`${seqCol} < ${bind(cursor.seq.toString())}::bigint`);
  const sql = `SELECT ${RENDER_COLUMNS} FROM ${from}
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${seqCol} DESC LIMIT ${bind(limit)}`;
  const r = await exec.query<StoredAuditRow>(sql, params);
  return r.rows.map((row) => ({ seq: BigInt(row.seq), index: -1, row }));
}

/**
 * Records stored in blocks: the blocks are found by a key (patient, agent, organisation or subtype)
 * or, with none, newest first within the time range; then opened, and their records filtered here,
 * until enough are found.
 */
async function blockRecordsPage(
  exec: SqlExecutor,
  query: AuditQuery,
  cursor: Cursor | undefined,
  limit: number,
): Promise<Found[]> {
  const keys =
    query.patient !== undefined
      ? [`p:${query.patient}`]
      : query.anyPatient !== undefined
        ? query.anyPatient.map((p) => `p:${p}`)
        : query.agent !== undefined
          ? [`a:${query.agent}`]
          : query.organization !== undefined
            ? [`o:${query.organization}`]
            : query.subtype !== undefined
              ? [`s:${query.subtype}`]
              : undefined;
  const matches = recordFilter(query);
  const found: Found[] = [];
  // The newest block that may still hold records for this page (inclusive).
  let upTo = cursor === undefined ? undefined : cursor.index === undefined ? cursor.seq - 1n : cursor.seq;
  for (let open = FIRST_BLOCKS; ; open = Math.min(MOST_BLOCKS, open * 2)) {
    const blocks = await nextBlocks(exec, keys, query, upTo, open);
    for (const block of blocks) {
      const seq = BigInt(block.seq);
      if (block.records === null) continue;
      const records = recordsOfBlock({ seq: block.seq, records: block.records }, matches);
      // A block changed by hand is left out; `heartwood audit verify` names it.
      if (!records) continue;
      for (let i = records.length - 1; i >= 0; i--) {
        const row = records[i]!;
        const index = Number(row.seq.slice(row.seq.indexOf('-') + 1));
        if (cursor !== undefined && seq === cursor.seq && cursor.index !== undefined && index >= cursor.index)
          continue;
        found.push({ seq, index, row });
      }
    }
    if (found.length >= limit || blocks.length < open) return found;
    upTo = BigInt(blocks[blocks.length - 1]!.seq) - 1n;
  }
}

type BlockCandidate = Omit<StoredBlock, 'records'> & { records: string | null };

/** Up to `limit` blocks, newest first; `records` is null for a keyed block outside the time range. */
async function nextBlocks(
  exec: SqlExecutor,
  keys: string[] | undefined,
  query: AuditQuery,
  upTo: bigint | undefined,
  limit: number,
): Promise<BlockCandidate[]> {
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const within: string[] = [];
  if (query.from !== undefined) within.push(`b.recorded_to >= ${bind(query.from)}::timestamptz`);
  if (query.to !== undefined) within.push(`b.recorded_from < ${bind(query.to)}::timestamptz`);
  const columns = 'b.seq::text AS seq';
  let sql: string;
  if (keys !== undefined) {
    // Every keyed block is returned, so the next round starts below the last one looked at.
    const bound = upTo === undefined ? '' : `AND seq <= ${bind(upTo.toString())}::bigint`;
    sql = `WITH k AS (
        SELECT DISTINCT seq FROM audit_block_key WHERE key = ANY(${bind(keys)}::text[]) ${bound}
        ORDER BY seq DESC LIMIT ${bind(limit)}
      )
      SELECT ${columns}, ${within.length > 0 ? `CASE WHEN ${within.join(' AND ')} THEN b.records END` : 'b.records'} AS records
      FROM k JOIN audit_block b ON b.seq = k.seq ORDER BY b.seq DESC`;
  } else {
    const where = [...within, ...(upTo === undefined ? [] : [`b.seq <= ${bind(upTo.toString())}::bigint`])];
    sql = `SELECT ${columns}, b.records FROM audit_block b
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY b.seq DESC LIMIT ${bind(limit)}`;
  }
  return (await exec.query<BlockCandidate>(sql, params)).rows;
}

/** The query's conditions, tested on a record read out of a block. */
function recordFilter(query: AuditQuery): (row: StoredAuditRow) => boolean {
  const any = query.anyPatient;
  return (row) =>
    (query.patient === undefined || row.patient_ids.includes(query.patient)) &&
    (any === undefined || row.patient_ids.some((p) => any.includes(p))) &&
    (query.agent === undefined || row.agent_subject === query.agent || row.agent_person === query.agent) &&
    (query.organization === undefined || row.agent_org === query.organization) &&
    (query.subtype === undefined || row.subtype === query.subtype) &&
    // ISO instants in one format (toISOString) compare as strings.
    (query.from === undefined || row.recorded >= query.from) &&
    (query.to === undefined || row.recorded < query.to);
}

function instant(value: string, name: string): string {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw errors.invalidParameter(`${name}: not a date or instant (expected e.g. 2026-01-31T09:00:00Z).`);
  return d.toISOString();
}
