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

/**
 * CTEs deleting every index table's rows of the resources named by two text[] expressions (types,
 * ids): a write transaction is mostly round trips, and this was one per table.
 */
export function deleteIndexCtes(types: string, ids: string): string[] {
  return INDEX_TABLES.map(
    (table, i) =>
      `d${i} AS (DELETE FROM ${table} WHERE (resource_type, id) IN (SELECT * FROM unnest(${types}, ${ids})))`,
  );
}

const DELETE_INDEX_ROWS = `WITH ${deleteIndexCtes('$1::text[]', '$2::text[]').join(', ')} SELECT 1`;

/** Removes the index rows of resources about to get a new version (or be deleted). */
export async function deleteIndexRows(exec: SqlExecutor, types: string[], ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await exec.query(DELETE_INDEX_ROWS, [types, ids], 'delete_index_rows');
}

/** Writes the index rows of new versions by COPY, one per table with rows: the bulk path. */
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

/** A new version's index rows in a one-statement write: `ord` is its place (from 1) among the versions. */
export interface IndexRowsAt {
  ord: number;
  rows: IndexRows;
}

/**
 * CTEs inserting the index rows of `items` into the index tables that get rows, and queueing the
 * resources for full text, within a statement where `versions` is a relation with columns (ord,
 * patient_key, resource_type, id, seq). Each table's values go as one array parameter per column (all
 * text, cast in SQL, as COPY would parse them). A table without rows gets no CTE: every part is
 * started and run on each execution, rows or not. `shape` says which tables are there, for naming
 * the prepared statement.
 */
export function insertIndexCtes(
  items: IndexRowsAt[],
  versions: string,
  param: (value: unknown, type: string) => string,
): { ctes: string[]; shape: string } {
  const ctes: string[] = [];
  let shape = '';
  TABLES.forEach((spec, t) => {
    const ords: number[] = [];
    const values: (string | null)[][] = spec.columns.map(() => []);
    for (const item of items) {
      for (const row of spec.rows(item.rows)) {
        ords.push(item.ord);
        spec.columns.forEach((c, k) => values[k]!.push(c.value(row) as string | null));
      }
    }
    shape += ords.length > 0 ? '1' : '0';
    if (ords.length === 0) return;
    const arrays = [param(ords, 'int8[]'), ...values.map((v) => param(v, 'text[]'))];
    const names = spec.columns.map((c) => c.name);
    const key = ['patient_key', 'resource_type', 'id', ...(spec.withSeq ? ['seq'] : [])];
    const select = [
      ...key.map((k) => `v.${k}`),
      ...spec.columns.map((c) => (c.sqlType === 'text' ? `u.${c.name}` : `u.${c.name}::${c.sqlType}`)),
    ];
    ctes.push(`i${t} AS (INSERT INTO ${spec.table} (${[...key, ...names].join(', ')})
      SELECT ${select.join(', ')}
      FROM unnest(${arrays.join(', ')}) AS u(ord, ${names.join(', ')}) JOIN ${versions} v USING (ord))`);
  });
  if (items.length > 0) {
    // Full text is built off the write path (see text-index.ts); here the resources are only queued.
    const queued = param(
      items.map((i) => i.ord),
      'int8[]',
    );
    ctes.push(`text_queued AS (INSERT INTO search_text_pending (resource_type, id)
      SELECT v.resource_type, v.id FROM unnest(${queued}) AS u(ord) JOIN ${versions} v USING (ord)
      ON CONFLICT DO NOTHING)`);
  }
  return { ctes, shape };
}
