import { errors } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import { canonicalContent, serializeVersion } from './content.js';
import type { Indexer } from './indexer.js';
import type { PatientKeyFn } from './patient-key.js';
import type {
  HistoryPage,
  HistoryQuery,
  ResourceStore,
  WriteRequest,
  WriteResult,
} from './resource-store.js';
import { runSearch } from './search/run-search.js';
import { accessSql } from './search/access-sql.js';
import { SqlParams } from './search/sql-params.js';
import { drainTextIndex } from './text-index.js';
import type { Filter } from '../fhir/search-request/index.js';
import { deleteIndexRows, insertIndexRows } from './index-writer.js';
import type { IndexedResource } from './index-writer.js';
import { ONE_STATEMENT_MAX_VERSIONS, writeInOneStatement } from './one-statement-write.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import { translateDbError } from './sql-errors.js';
import { toStoredVersion } from './stored-version.js';
import type { VersionRow } from './stored-version.js';

export interface PostgresStoreDeps {
  driver: SqlDriver;
  patientKey: PatientKeyFn;
  indexer: Indexer;
  /** The clock that stamps `meta.lastUpdated`; tests may pass their own. */
  now?: () => Date;
}

/** ISO 8601 in UTC with milliseconds, exactly as written into `meta.lastUpdated`. */
export const LAST_UPDATED_SQL = `to_char(last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const VERSION_COLUMNS = `resource_type, id, version_id, ${LAST_UPDATED_SQL} AS last_updated, deleted, content, patient_key`;

interface CurrentRow {
  resource_type: string;
  id: string;
  patient_key: string;
  version_id: number;
  deleted: boolean;
  content: string | null;
}

/** The ResourceStore on PostgreSQL; the same SQL runs on PGlite and on a server. */
export function createPostgresResourceStore(deps: PostgresStoreDeps): ResourceStore {
  const now = deps.now ?? (() => new Date());

  function bind(exec: SqlExecutor, inTransaction: boolean): ResourceStore {
    const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        throw translateDbError(e);
      }
    };

    const store: ResourceStore = {
      read: (resourceType, id, options) =>
        guarded(async () => {
          if (options?.access) {
            const p = new SqlParams();
            const where = `resource_type = ${p.add(resourceType)} AND id = ${p.add(id)}`;
            const r = await exec.query<VersionRow>(
              `SELECT ${VERSION_COLUMNS} FROM resource r WHERE ${where} AND ${accessSql(options.access, 'r', p)}`,
              p.values,
            );
            return r.rows[0] ? toStoredVersion(r.rows[0]) : undefined;
          }
          const r = await exec.query<VersionRow>(
            `SELECT ${VERSION_COLUMNS} FROM resource WHERE resource_type = $1 AND id = $2`,
            [resourceType, id],
            'read',
          );
          return r.rows[0] ? toStoredVersion(r.rows[0]) : undefined;
        }),

      vread: (resourceType, id, versionId, options) =>
        guarded(async () => {
          const p = new SqlParams();
          const where = `resource_type = ${p.add(resourceType)} AND id = ${p.add(id)} AND version_id = ${p.add(versionId)}`;
          const visible = options?.access ? ` AND ${accessSql(options.access, 'r', p)}` : '';
          const r = await exec.query<VersionRow>(
            `SELECT ${VERSION_COLUMNS} FROM resource r WHERE ${where}${visible}
             UNION ALL
             SELECT ${VERSION_COLUMNS} FROM resource_history r WHERE ${where}${visible}`,
            p.values,
            options?.access ? undefined : 'vread',
          );
          return r.rows[0] ? toStoredVersion(r.rows[0]) : undefined;
        }),

      history: (query) => guarded(() => history(exec, query)),

      search: (request, options) =>
        guarded(async () => {
          // Full text is indexed off the write path; a full-text search first catches up, so it
          // never misses a committed write. (Inside a transaction it reads what is indexed.)
          if (!inTransaction && request.filters.some(usesText))
            await drainTextIndex(deps.driver, deps.indexer);
          return runSearch(exec, request, options?.access);
        }),

      write: (requests) => {
        if (requests.length === 0) return Promise.resolve([]);
        if (!inTransaction) return guarded(() => deps.driver.transaction((tx) => write(tx, requests)));
        return guarded(() => write(exec, requests));
      },

      transaction: (fn) => {
        if (inTransaction) return fn(store);
        return guarded(() => deps.driver.transaction((tx) => fn(bind(tx, true))));
      },

      withExecutor: (fn) => fn(exec),

      close: () => deps.driver.close(),
    };
    return store;
  }

  async function history(exec: SqlExecutor, q: HistoryQuery): Promise<HistoryPage> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.resourceType) {
      params.push(q.resourceType);
      where.push(`resource_type = $${params.length}`);
    }
    if (q.id) {
      params.push(q.id);
      where.push(`id = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`last_updated >= $${params.length}::timestamptz`);
    }
    if (q.before) {
      params.push(q.before);
      where.push(`last_updated <= $${params.length}::timestamptz`);
    }
    if (q.access) {
      const p = new SqlParams();
      p.values.push(...params);
      where.push(accessSql(q.access, 'r', p));
      params.splice(0, params.length, ...p.values);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const columns = 'resource_type, id, version_id, last_updated, deleted, content, seq, patient_key';
    const union = `SELECT ${columns} FROM resource r ${filter}
      UNION ALL SELECT ${columns} FROM resource_history r ${filter}`;
    const countResult = await exec.query<{ n: string }>(`SELECT count(*) AS n FROM (${union}) h`, params);
    const pageParams = [...params];
    let cursorFilter = '';
    if (q.cursor) {
      if (!/^[0-9]{1,19}$/.test(q.cursor)) throw errors.badRequest('The history paging cursor is not valid.');
      pageParams.push(q.cursor);
      cursorFilter = `WHERE seq < $${pageParams.length}::bigint`;
    }
    pageParams.push(q.count + 1);
    const r = await exec.query<VersionRow>(
      `SELECT resource_type, id, version_id, ${LAST_UPDATED_SQL} AS last_updated, deleted, content, seq::text AS seq, patient_key
       FROM (${union}) h ${cursorFilter} ORDER BY seq DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    const rows = r.rows.slice(0, q.count);
    const page: HistoryPage = {
      versions: rows.map(toStoredVersion),
      total: Number(countResult.rows[0]?.n ?? 0),
    };
    if (r.rows.length > q.count && rows.length > 0) page.nextCursor = rows[rows.length - 1]!.seq;
    return page;
  }

  async function write(exec: SqlExecutor, requests: WriteRequest[]): Promise<WriteResult[]> {
    const lastUpdated = now().toISOString();
    const keyOf = (type: string, id: string) => `${type}/${id}`;
    const seen = new Set<string>();
    const lookupTypes: string[] = [];
    const lookupIds: string[] = [];
    for (const req of requests) {
      const type = req.op === 'delete' ? req.resourceType : req.resource.resourceType;
      const id = req.op === 'delete' ? req.id : req.resource.id;
      const key = keyOf(type, id);
      if (seen.has(key)) throw errors.badRequest(`${key} appears more than once in one transaction.`);
      seen.add(key);
      if (req.op !== 'create') {
        lookupTypes.push(type);
        lookupIds.push(id);
      }
    }

    const current = new Map<string, CurrentRow>();
    if (lookupIds.length > 0) {
      // FOR UPDATE serialises concurrent writers of one resource, so If-Match never loses an update.
      const r = await exec.query<CurrentRow>(
        `SELECT resource_type, id, patient_key, version_id, deleted, content FROM resource
         WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE`,
        [lookupTypes, lookupIds],
        'lock_current',
      );
      for (const row of r.rows) current.set(keyOf(row.resource_type, row.id), row);
    }

    const results: WriteResult[] = [];
    const moved = { types: [] as string[], ids: [] as string[] };
    const rows = {
      patientKeys: [] as string[],
      types: [] as string[],
      ids: [] as string[],
      versions: [] as number[],
      deleted: [] as boolean[],
      contents: [] as (string | null)[],
    };
    const locatorInsert = { types: [] as string[], ids: [] as string[], keys: [] as string[] };
    const locatorUpdate = { types: [] as string[], ids: [] as string[], keys: [] as string[] };
    const indexed: IndexedResource[] = [];

    const addVersion = (
      cur: CurrentRow | undefined,
      type: string,
      id: string,
      patientKey: string,
      version: number,
      content: string | null,
    ) => {
      if (cur) {
        moved.types.push(type);
        moved.ids.push(id);
        if (cur.patient_key !== patientKey) {
          locatorUpdate.types.push(type);
          locatorUpdate.ids.push(id);
          locatorUpdate.keys.push(patientKey);
        }
      } else {
        locatorInsert.types.push(type);
        locatorInsert.ids.push(id);
        locatorInsert.keys.push(patientKey);
      }
      rows.patientKeys.push(patientKey);
      rows.types.push(type);
      rows.ids.push(id);
      rows.versions.push(version);
      rows.deleted.push(content === null);
      rows.contents.push(content);
    };

    for (const req of requests) {
      if (req.op === 'delete') {
        const cur = current.get(keyOf(req.resourceType, req.id));
        checkIfMatch(req.ifMatch, cur, req.resourceType, req.id);
        if (!cur || cur.deleted) {
          results.push({
            resourceType: req.resourceType,
            id: req.id,
            outcome: cur ? 'already-deleted' : 'not-found',
            versionId: cur?.version_id ?? 0,
            lastUpdated,
            ...(cur ? { patientKey: cur.patient_key } : {}),
          });
          continue;
        }
        const version = cur.version_id + 1;
        addVersion(cur, req.resourceType, req.id, cur.patient_key, version, null);
        results.push({
          resourceType: req.resourceType,
          id: req.id,
          outcome: 'deleted',
          versionId: version,
          lastUpdated,
          patientKey: cur.patient_key,
        });
        continue;
      }
      const { resource } = req;
      const type = resource.resourceType;
      const cur = req.op === 'update' ? current.get(keyOf(type, resource.id)) : undefined;
      if (req.op === 'update') {
        checkIfMatch(req.ifMatch, cur, type, resource.id);
        if (cur && !cur.deleted && cur.content !== null && sameContent(cur.content, resource)) {
          results.push({
            resourceType: type,
            id: resource.id,
            outcome: 'unchanged',
            versionId: cur.version_id,
            lastUpdated: (JSON.parse(cur.content) as FhirResource).meta?.lastUpdated ?? lastUpdated,
            content: cur.content,
            patientKey: cur.patient_key,
          });
          continue;
        }
      }
      const version = (cur?.version_id ?? 0) + 1;
      const content = serializeVersion(resource, version, lastUpdated);
      const patientKey = deps.patientKey(resource);
      addVersion(cur, type, resource.id, patientKey, version, content);
      indexed.push({
        patientKey,
        resourceType: type,
        id: resource.id,
        seq: String(rows.ids.length - 1),
        rows: deps.indexer.extract(resource),
      });
      results.push({
        resourceType: type,
        id: resource.id,
        outcome: cur && !cur.deleted ? 'updated' : 'created',
        versionId: version,
        lastUpdated,
        content,
        patientKey,
      });
    }

    if (moved.ids.length > 0) {
      await exec.query(
        `WITH moved AS (
           DELETE FROM resource WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
           RETURNING patient_key, resource_type, id, version_id, last_updated, seq, deleted, content)
         INSERT INTO resource_history (patient_key, resource_type, id, version_id, last_updated, seq, deleted, content)
         SELECT * FROM moved`,
        [moved.types, moved.ids],
        'move_to_history',
      );
    }
    // A small transaction (an API write, an HL7 v2 message) is mostly round trips: the rest of it is
    // one statement. A bulk import's many rows go faster by COPY.
    if (rows.ids.length === 0) return results;
    if (rows.ids.length <= ONE_STATEMENT_MAX_VERSIONS) {
      await writeInOneStatement(exec, {
        versions: rows,
        lastUpdated,
        locatorInsert,
        locatorUpdate,
        reindexed: moved,
        // Until sequence numbers are taken, an item's seq holds its version's place in `rows`.
        indexed: indexed.map((item) => ({ ord: Number(item.seq) + 1, rows: item.rows })),
      });
      return results;
    }
    if (moved.ids.length > 0) await deleteIndexRows(exec, moved.types, moved.ids);
    await exec.copyRows(
      'resource_id',
      ['resource_type', 'id', 'patient_key'],
      locatorInsert.ids.map((id, i) => [locatorInsert.types[i]!, id, locatorInsert.keys[i]!]),
    );
    if (locatorUpdate.ids.length > 0) {
      await exec.query(
        `UPDATE resource_id SET patient_key = u.k FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, i, k)
         WHERE resource_id.resource_type = u.t AND resource_id.id = u.i`,
        [locatorUpdate.types, locatorUpdate.ids, locatorUpdate.keys],
      );
    }
    // Sequence numbers are taken up front so the index rows can carry them: a search can then read a
    // page in order straight from an index. New versions arrive by COPY. (This transaction already
    // holds a lock on `resource` or `resource_id` here, which `settledSeq` relies on.)
    const seqs =
      rows.ids.length === 0
        ? []
        : (
            await exec.query<{ s: string }>(
              `SELECT nextval('resource_seq')::text AS s FROM generate_series(1, $1::int)`,
              [rows.ids.length],
            )
          ).rows.map((r) => r.s);
    for (const item of indexed) item.seq = seqs[Number(item.seq)]!;
    await exec.copyRows(
      'resource',
      ['patient_key', 'resource_type', 'id', 'version_id', 'last_updated', 'seq', 'deleted', 'content'],
      rows.ids.map((id, i) => [
        rows.patientKeys[i]!,
        rows.types[i]!,
        id,
        rows.versions[i]!,
        lastUpdated,
        seqs[i]!,
        rows.deleted[i]!,
        rows.contents[i]!,
      ]),
    );
    await insertIndexRows(exec, indexed);
    return results;
  }

  return bind(deps.driver, false);
}

function checkIfMatch(
  ifMatch: number | undefined,
  cur: CurrentRow | undefined,
  type: string,
  id: string,
): void {
  if (ifMatch === undefined) return;
  if (!cur) throw errors.versionConflict(`${type}/${id} does not exist, so version ${ifMatch} cannot match.`);
  if (cur.version_id !== ifMatch) {
    throw errors.versionConflict(
      `${type}/${id} is at version ${cur.version_id}, not ${ifMatch}: read it again and re-apply your change.`,
    );
  }
}

function sameContent(stored: string, next: FhirResource): boolean {
  return canonicalContent(JSON.parse(stored) as FhirResource) === canonicalContent(next);
}

function usesText(f: Filter): boolean {
  if (f.kind === 'text') return true;
  return (f.kind === 'chain' || f.kind === 'has') && usesText(f.filter);
}
