import { deleteIndexCtes, insertIndexCtes } from './index-writer.js';
import type { IndexRowsAt } from './index-writer.js';
import type { SqlExecutor } from './sql-driver.js';

/**
 * Up to this many new versions a write goes as one statement; above it (bulk import) by COPY, which
 * was measured about twice as fast as INSERT … unnest for many rows. The bound is a judgement, not
 * a measured crossover: small enough that a write's round trips outweigh its rows.
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
  const params: unknown[] = [];
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const ctes = [
    `versions AS MATERIALIZED (
      -- A function scan yields its rows in order, so sequence numbers follow the versions' order.
      SELECT n.ord, n.patient_key, n.resource_type, n.id, n.version_id, n.deleted, n.content,
             nextval('resource_seq') AS seq
      FROM unnest(${param(v.patientKeys, 'text[]')}, ${param(v.types, 'text[]')}, ${param(v.ids, 'text[]')},
                  ${param(v.versions, 'int4[]')}, ${param(v.deleted, 'bool[]')}, ${param(v.contents, 'text[]')})
        WITH ORDINALITY AS n(patient_key, resource_type, id, version_id, deleted, content, ord))`,
    `current_rows AS (INSERT INTO resource (patient_key, resource_type, id, version_id, last_updated, seq, deleted, content)
      SELECT patient_key, resource_type, id, version_id, ${param(w.lastUpdated, 'timestamptz')}, seq, deleted, content
      FROM versions)`,
  ];
  // Only the parts this write needs (a create has no old index rows): every part is started and run
  // on each execution, rows or not.
  let shape = '';
  const li = w.locatorInsert;
  if (li.ids.length > 0) {
    shape += 'i';
    ctes.push(`locator_insert AS (INSERT INTO resource_id (resource_type, id, patient_key)
      SELECT * FROM unnest(${param(li.types, 'text[]')}, ${param(li.ids, 'text[]')}, ${param(li.keys, 'text[]')}))`);
  }
  const lu = w.locatorUpdate;
  if (lu.ids.length > 0) {
    shape += 'u';
    ctes.push(`locator_update AS (UPDATE resource_id SET patient_key = u.k
      FROM unnest(${param(lu.types, 'text[]')}, ${param(lu.ids, 'text[]')}, ${param(lu.keys, 'text[]')}) AS u(t, i, k)
      WHERE resource_id.resource_type = u.t AND resource_id.id = u.i)`);
  }
  if (w.reindexed.ids.length > 0) {
    shape += 'd';
    ctes.push(...deleteIndexCtes(param(w.reindexed.types, 'text[]'), param(w.reindexed.ids, 'text[]')));
  }
  const index = insertIndexCtes(w.indexed, 'versions', param);
  ctes.push(...index.ctes);
  // One prepared statement per shape (the text depends only on which parts are there), so each
  // connection plans it a few times and then reuses a generic plan.
  await exec.query(
    `WITH ${ctes.join(',\n    ')}\n    SELECT 1`,
    params,
    `write_versions_${shape}_${index.shape}`,
  );
}
