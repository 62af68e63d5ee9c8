import { startBackgroundLoop } from './background-loop.js';
import type { BackgroundLoop } from './background-loop.js';
import { normalizeString } from '../fhir/search-request/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { Indexer } from './indexer.js';
import type { SqlDriver } from './sql-driver.js';

/**
 * Builds full-text rows (`_text`, `_content`) for queued resources, a batch per transaction. Rows are
 * claimed with SKIP LOCKED, so the background drain and a search-triggered drain never do the same
 * work twice and never wait on each other. Returns how many resources were processed.
 */
export async function drainTextIndex(
  driver: SqlDriver,
  indexer: Indexer,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let done = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const n = await driver.transaction(async (tx) => {
      const claimed = await tx.query<{ resource_type: string; id: string }>(
        `DELETE FROM search_text_pending WHERE (resource_type, id) IN (
           SELECT resource_type, id FROM search_text_pending LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING resource_type, id`,
        [batchSize],
      );
      if (claimed.rows.length === 0) return 0;
      const types = claimed.rows.map((r) => r.resource_type);
      const ids = claimed.rows.map((r) => r.id);
      const current = await tx.query<{
        patient_key: string;
        resource_type: string;
        id: string;
        content: string;
      }>(
        `SELECT patient_key, resource_type, id, content FROM resource
         WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND NOT deleted`,
        [types, ids],
      );
      await tx.query(
        `DELETE FROM search_text WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [types, ids],
      );
      const texts = current.rows.map((r) => indexer.extract(JSON.parse(r.content) as FhirResource).text);
      if (current.rows.length > 0) {
        await tx.query(
          `INSERT INTO search_text (patient_key, resource_type, id, narrative, content)
           SELECT k, t, i, to_tsvector('simple', n), to_tsvector('simple', c)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, t, i, n, c)`,
          [
            current.rows.map((r) => r.patient_key),
            current.rows.map((r) => r.resource_type),
            current.rows.map((r) => r.id),
            texts.map((t) => (t.narrative === null ? null : normalizeString(t.narrative))),
            texts.map((t) => normalizeString(t.content)),
          ],
        );
      }
      return claimed.rows.length;
    });
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Drains the queue in the background, but only while writes are quiet (the version sequence did not
 * move during the last interval): vectorising competes for the same CPU as a bulk load, and a
 * full-text search catches up by itself anyway.
 */
export function startTextIndexer(driver: SqlDriver, indexer: Indexer, intervalMs = 1000): BackgroundLoop {
  let lastSeq: string | undefined;
  return startBackgroundLoop(async (stopping) => {
    const r = await driver.query<{ v: string }>('SELECT last_value::text AS v FROM resource_seq');
    const seq = r.rows[0]?.v;
    const quiet = seq === lastSeq;
    lastSeq = seq;
    if (quiet && !stopping()) await drainTextIndex(driver, indexer, { maxBatches: 10 });
  }, intervalMs);
}
