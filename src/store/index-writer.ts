import { normalizeString } from '../fhir/search-request/index.js';
import type { IndexRows } from './indexer.js';
import type { CopyValue } from './copy-format.js';
import type { SqlExecutor } from './sql-driver.js';

export interface IndexedResource {
  patientKey: string;
  resourceType: string;
  id: string;
  /** The version's sequence number; token rows carry it so a page can be read in order from the index. */
  seq: string;
  rows: IndexRows;
}

interface Column<R> {
  name: string;
  sqlType: string;
  value: (row: R) => unknown;
}

interface TableSpec<R> {
  table: string;
  /** Whether rows carry the resource's sequence number. */
  withSeq?: boolean;
  rows: (r: IndexRows) => R[];
  columns: Column<R>[];
}

const INFINITY_LOW = '-infinity';
const INFINITY_HIGH = 'infinity';

const col = <R>(name: string, sqlType: string, value: (row: R) => unknown): Column<R> => ({
  name,
  sqlType,
  value,
});

const TABLES: TableSpec<never>[] = [
  {
    table: 'search_token',
    withSeq: true,
    rows: (r) => r.token,
    columns: [
      col('param', 'text', (x) => x.param),
      col('system', 'text', (x) => x.system),
      col('code', 'text', (x) => x.code),
      col('display', 'text', (x) => (x.display === null ? null : normalizeString(x.display))),
      col('type_system', 'text', (x) => x.typeSystem ?? null),
      col('type_code', 'text', (x) => x.typeCode ?? null),
    ],
  } satisfies TableSpec<IndexRows['token'][number]>,
  {
    table: 'search_string',
    rows: (r) => r.string,
    columns: [
      col('param', 'text', (x) => x.param),
      col('value', 'text', (x) => x.value),
      col('norm', 'text', (x) => normalizeString(x.value)),
    ],
  } satisfies TableSpec<IndexRows['string'][number]>,
  {
    table: 'search_date',
    rows: (r) => r.date,
    columns: [
      col('param', 'text', (x) => x.param),
      col('low', 'timestamptz', (x) => x.low ?? INFINITY_LOW),
      col('high', 'timestamptz', (x) => x.high ?? INFINITY_HIGH),
    ],
  } satisfies TableSpec<IndexRows['date'][number]>,
  {
    table: 'search_number',
    rows: (r) => r.number,
    columns: [
      col('param', 'text', (x) => x.param),
      col('value', 'numeric', (x) => x.value),
      col('low', 'numeric', (x) => x.low),
      col('high', 'numeric', (x) => x.high),
    ],
  } satisfies TableSpec<IndexRows['number'][number]>,
  {
    table: 'search_quantity',
    rows: (r) => r.quantity,
    columns: [
      col('param', 'text', (x) => x.param),
      col('value', 'numeric', (x) => x.value),
      col('low', 'numeric', (x) => x.low),
      col('high', 'numeric', (x) => x.high),
      col('system', 'text', (x) => x.system),
      col('code', 'text', (x) => x.code),
      col('unit', 'text', (x) => x.unit),
    ],
  } satisfies TableSpec<IndexRows['quantity'][number]>,
  {
    table: 'search_reference',
    rows: (r) => r.reference,
    columns: [
      col('param', 'text', (x) => x.param),
      col('target_type', 'text', (x) => x.targetType),
      col('target_id', 'text', (x) => x.targetId),
      col('target_version', 'text', (x) => x.targetVersion),
      col('url', 'text', (x) => x.url),
      col('identifier_system', 'text', (x) => x.identifierSystem),
      col('identifier_value', 'text', (x) => x.identifierValue),
    ],
  } satisfies TableSpec<IndexRows['reference'][number]>,
  {
    table: 'search_uri',
    rows: (r) => r.uri,
    columns: [col('param', 'text', (x) => x.param), col('value', 'text', (x) => x.value)],
  } satisfies TableSpec<IndexRows['uri'][number]>,
  {
    table: 'search_composite',
    rows: (r) => r.composite,
    columns: [
      col('param', 'text', (x) => x.param),
      col('components', 'jsonb', (x) => JSON.stringify(x.components)),
    ],
  } satisfies TableSpec<IndexRows['composite'][number]>,
] as unknown as TableSpec<never>[];

export const INDEX_TABLES = [...TABLES.map((t) => t.table), 'search_text'];

// Every index table's rows in one statement: a write transaction is mostly round trips, and this was
// one per table.
const DELETE_INDEX_ROWS = `WITH ${INDEX_TABLES.map(
  (table, i) =>
    `d${i} AS (DELETE FROM ${table} WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[])))`,
).join(', ')} SELECT 1`;

/** Removes the index rows of resources about to get a new version (or be deleted). */
export async function deleteIndexRows(exec: SqlExecutor, types: string[], ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await exec.query(DELETE_INDEX_ROWS, [types, ids], 'delete_index_rows');
}

/** Writes the index rows of new versions: one multi-row insert per table, whatever the batch size. */
export async function insertIndexRows(exec: SqlExecutor, items: IndexedResource[]): Promise<void> {
  if (items.length === 0) return;
  for (const spec of TABLES) {
    const rows: CopyValue[][] = [];
    for (const item of items) {
      for (const row of spec.rows(item.rows)) {
        const out: CopyValue[] = [item.patientKey, item.resourceType, item.id];
        if (spec.withSeq) out.push(item.seq);
        for (const c of spec.columns) out.push(c.value(row) as CopyValue);
        rows.push(out);
      }
    }
    const key = ['patient_key', 'resource_type', 'id', ...(spec.withSeq ? ['seq'] : [])];
    await exec.copyRows(spec.table, [...key, ...spec.columns.map((c) => c.name)], rows);
  }
  // Full text is built off the write path (see text-index.ts); here the resources are only queued.
  await exec.query(
    `INSERT INTO search_text_pending (resource_type, id)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [items.map((i) => i.resourceType), items.map((i) => i.id)],
  );
}
