import { deleteIndexCtes, insertIndexCtes } from './index-writer.js';
import type { IndexRowsAt } from './index-writer.js';
import type { SqlExecutor } from './sql-driver.js';

/**
 * Up to this many new versions a write goes as one statement; above it, by COPY (bulk import), which
 * moves rows about twice as fast once there are enough of them to outweigh its round trips.
 */
export const ONE_STATEMENT_MAX_VERSIONS = 50;

/** New versions, column by column, in the order their sequence numbers are to be taken. */
export interface NewVersions {
  patientKeys: string[];
  types: string[];
  ids: string[];
  versions: number[];
  deleted: boolean[];
  contents: (string | null)[];
}

export interface OneStatementWrite {
  versions: NewVersions;
  lastUpdated: string;
  /** Resources seen for the first time: their rows in the id registry. */
  locatorInsert: { types: string[]; ids: string[]; keys: string[] };
  /** Resources that moved to another patient's compartment. */
  locatorUpdate: { types: string[]; ids: string[]; keys: string[] };
  /** Resources whose previous version's index rows go. */
  reindexed: { types: string[]; ids: string[] };
  /** Index rows of the versions that have content (`ord` counts from 1 in `versions`). */
  indexed: IndexRowsAt[];
}

/**
 * Everything a small write transaction stores after its FOR UPDATE read and history move, in one
 * round trip instead of one per table: the sequence numbers, the new `resource` rows, the id
 * registry, the old index rows' removal and the new ones, and the full-text queue.
 *
 * All parts see the statement's one snapshot, so the index DELETEs cannot touch the rows inserted
 * beside them: they remove exactly the previous versions' rows.
 */
export async function writeInOneStatement(exec: SqlExecutor, w: OneStatementWrite): Promise<void> {
  const v = w.versions;
  const params: unknown[] = [
    v.patientKeys,
    v.types,
    v.ids,
    v.versions,
    v.deleted,
    v.contents,
    w.lastUpdated,
    w.locatorInsert.types,
    w.locatorInsert.ids,
    w.locatorInsert.keys,
    w.locatorUpdate.types,
    w.locatorUpdate.ids,
    w.locatorUpdate.keys,
    w.reindexed.types,
    w.reindexed.ids,
  ];
  const indexCtes = insertIndexCtes(w.indexed, 'versions', params);
  // The statement's text is fixed (only the parameters vary): one prepared plan serves every write.
  const sql = `WITH versions AS MATERIALIZED (
      -- A function scan yields its rows in order, so sequence numbers follow the versions' order.
      SELECT n.ord, n.patient_key, n.resource_type, n.id, n.version_id, n.deleted, n.content,
             nextval('resource_seq') AS seq
      FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::bool[], $6::text[])
        WITH ORDINALITY AS n(patient_key, resource_type, id, version_id, deleted, content, ord)),
    current_rows AS (INSERT INTO resource (patient_key, resource_type, id, version_id, last_updated, seq, deleted, content)
      SELECT patient_key, resource_type, id, version_id, $7::timestamptz, seq, deleted, content FROM versions),
    locator_insert AS (INSERT INTO resource_id (resource_type, id, patient_key)
      SELECT * FROM unnest($8::text[], $9::text[], $10::text[])),
    locator_update AS (UPDATE resource_id SET patient_key = u.k
      FROM unnest($11::text[], $12::text[], $13::text[]) AS u(t, i, k)
      WHERE resource_id.resource_type = u.t AND resource_id.id = u.i),
    ${[...deleteIndexCtes('$14', '$15'), ...indexCtes].join(',\n    ')}
    SELECT 1`;
  await exec.query(sql, params, 'write_versions');
}
