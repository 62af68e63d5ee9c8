import type { FhirResource } from '../fhir/index.js';
import { deleteIndexRows, insertIndexRows } from './index-writer.js';
import type { IndexedResource } from './index-writer.js';
import type { Indexer } from './indexer.js';
import type { SqlDriver } from './sql-driver.js';

export interface ReindexProgress {
  done: number;
  total: number;
}

/**
 * Rebuilds every search index row from the current versions, in batches that each commit on their
 * own (a long rebuild never holds one huge transaction). Run it after the search definitions change.
 */
export async function reindexAll(
  driver: SqlDriver,
  indexer: Indexer,
  options: { batchSize?: number; onProgress?: (p: ReindexProgress) => void } = {},
): Promise<ReindexProgress> {
  const batchSize = options.batchSize ?? 1000;
  const count = await driver.query<{ n: string }>('SELECT count(*) AS n FROM resource WHERE NOT deleted');
  const progress: ReindexProgress = { done: 0, total: Number(count.rows[0]?.n ?? 0) };
  let after = '0';
  for (;;) {
    // Read and rewrite in one transaction, rows locked, so a concurrent update cannot be overwritten
    // with the index rows of the version it replaced.
    const batch = await driver.transaction(async (tx) => {
      const rows = await tx.query<{
        patient_key: string;
        resource_type: string;
        id: string;
        content: string;
        seq: string;
      }>(
        `SELECT patient_key, resource_type, id, content, seq::text AS seq FROM resource
         WHERE NOT deleted AND seq > $1::bigint ORDER BY seq LIMIT $2 FOR UPDATE`,
        [after, batchSize],
      );
      const items: IndexedResource[] = rows.rows.map((r) => ({
        patientKey: r.patient_key,
        resourceType: r.resource_type,
        id: r.id,
        seq: r.seq,
        rows: indexer.extract(JSON.parse(r.content) as FhirResource),
      }));
      await deleteIndexRows(
        tx,
        items.map((i) => i.resourceType),
        items.map((i) => i.id),
      );
      await insertIndexRows(tx, items);
      return { count: items.length, last: rows.rows[rows.rows.length - 1]?.seq };
    });
    if (batch.count === 0 || !batch.last) break;
    after = batch.last;
    progress.done += batch.count;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
