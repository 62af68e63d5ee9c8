import type { PatientCompartment } from '../definitions/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import { filterSql, SqlParams } from '../store/index.js';
import type { SqlExecutor } from '../store/index.js';
import { exportEverythingCurrent, exportScopeSql } from './bulk-export-policy.js';
import type { ExportPolicy } from './bulk-export-policy.js';
import { compileTypeFilter } from './bulk-export-request.js';
import type { ExportRequest } from './bulk-export-request.js';

/** One NDJSON file of a finished job, as listed in `bulk_export_job.output`. */
export interface ExportFile {
  type: string;
  part: number;
  count: number;
}

/** A job running in this process: what the status request reports and how a DELETE stops it. */
export interface RunningJob {
  exported: number;
  cancelled: boolean;
  done: Promise<void>;
}

/** Where a job's parts go: the job table for `$export`, files for `heartwood export`. */
export interface ExportSink {
  /** `content` is `count` NDJSON lines, each ending in a newline. */
  writePart(type: string, part: number, content: string, count: number): Promise<void>;
}

export interface ExportJobDeps {
  driver: SqlExecutor;
  patientCompartment: PatientCompartment;
  policy: ExportPolicy;
  /** Search vocabulary, to compile `_typeFilter` queries. */
  lookup: ParamLookup;
  /** Rows read per query; keyset pages keep each read cheap however large the store. */
  pageSize: number;
  /** Resources per NDJSON part: bounds both the writer's memory and each download. */
  partSize: number;
}

interface Row {
  id: string;
  patient_key: string;
  content: string;
  seq: string;
}

const SUBSETTED = JSON.stringify([
  { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' },
]);

/** The parts of a job that land in `bulk_export_file`, for `$export-file` to serve. */
export function tableSink(driver: SqlExecutor, jobId: string): ExportSink {
  return {
    async writePart(type, part, content, count) {
      await driver.query(
        `INSERT INTO bulk_export_file (job_id, resource_type, part, content, count) VALUES ($1, $2, $3, $4, $5)`,
        [jobId, type, part, content, count],
      );
    },
  };
}

/**
 * Writes one job's output: for each type, keyset pages over the current resources, streamed into
 * parts, so memory stays flat whatever the size of the store. Everything that narrows the export (level,
 * patients, `_since`, `_typeFilter`, the opt-out of a secondary use) is one WHERE clause in the
 * database. Checks for cancellation between pages so a DELETE stops the work promptly; the caller
 * removes what was written.
 */
export async function runExportJob(
  deps: ExportJobDeps,
  sink: ExportSink,
  request: ExportRequest,
  job: RunningJob,
): Promise<ExportFile[]> {
  const { driver } = deps;
  const files: ExportFile[] = [];
  await analyseIfStale(deps.driver);
  for (const type of await typesToExport(deps, request)) {
    let after = '0';
    let part = 0;
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0 || job.cancelled) return;
      part += 1;
      await sink.writePart(type, part, lines.join('\n') + '\n', lines.length);
      files.push({ type, part, count: lines.length });
      lines = [];
    };
    const page = pageQuery(deps, request, type);
    if (deps.policy === exportEverythingCurrent && (driver as { kind?: string }).kind === 'pglite') {
      // No per-row rule to apply, and the embedded engine: there the database joining each page into
      // NDJSON text (one string out of WebAssembly per page, not one row per resource) measured faster
      // (12,000 vs 10,300 resources/s). On a server it measured slower (42,000 vs 54,000 /s): the
      // join runs on one backend while the client sits idle, so rows are streamed there.
      if (!(await aggregatedPages(deps, page, type, job, files, sink))) return files;
      continue;
    }
    for (;;) {
      if (job.cancelled) return files;
      const { rows } = await driver.query<Row>(page.sql, [...page.params, after]);
      for (const row of rows) {
        if (!deps.policy(request, { resourceType: type, id: row.id, patientKey: row.patient_key })) continue;
        lines.push(row.content);
        job.exported += 1;
        if (lines.length >= deps.partSize) await flush();
      }
      if (rows.length < deps.pageSize) break;
      after = rows[rows.length - 1]!.seq;
    }
    await flush();
  }
  return files;
}

/**
 * The pages of one type as NDJSON chunks made by the database; parts are whole pages, at most
 * `partSize` resources (pages are cut to `partSize` when larger). False when cancelled.
 */
async function aggregatedPages(
  deps: ExportJobDeps,
  page: { sql: string; params: unknown[] },
  type: string,
  job: RunningJob,
  files: ExportFile[],
  sink: ExportSink,
): Promise<boolean> {
  const pageSize = Math.min(deps.pageSize, deps.partSize);
  // seq comes out of the page query as text (it is the cursor): order and compare it as a number.
  const sql = `SELECT string_agg(p.content, E'\n' ORDER BY p.seq::bigint) AS chunk, count(*)::int AS n,
    max(p.seq::bigint)::text AS last
    FROM (${page.sql}) p`;
  let after = '0';
  let part = 0;
  let chunks: string[] = [];
  let count = 0;
  const flush = async () => {
    if (count === 0 || job.cancelled) return;
    part += 1;
    await sink.writePart(type, part, chunks.join('\n') + '\n', count);
    files.push({ type, part, count });
    chunks = [];
    count = 0;
  };
  for (;;) {
    if (job.cancelled) return false;
    // The page size is the query's second-to-last parameter (see pageQuery).
    const params = [...page.params.slice(0, -1), pageSize, after];
    const { rows } = await deps.driver.query<{ chunk: string | null; n: number; last: string | null }>(
      sql,
      params,
    );
    const { chunk, n, last } = rows[0] ?? { chunk: null, n: 0, last: null };
    if (chunk !== null && n > 0) {
      if (count + n > deps.partSize) await flush();
      chunks.push(chunk);
      count += n;
      job.exported += n;
    }
    if (n < pageSize || last === null) break;
    after = last;
  }
  await flush();
  return !job.cancelled;
}

/** One type's page query; the page size and then the keyset cursor are its last parameters. */
function pageQuery(deps: ExportJobDeps, request: ExportRequest, type: string) {
  const p = new SqlParams();
  const where = [`r.resource_type = ${p.add(type)}`, 'NOT r.deleted'];
  if (request.since !== undefined) where.push(`r.last_updated >= ${p.add(request.since, 'timestamptz')}`);
  if (request.level !== 'system') {
    if (request.patients !== undefined)
      where.push(`r.patient_key = ANY(${p.add(request.patients, 'text[]')})`);
    // In a patient's compartment: the store keys such resources by the id of a current Patient.
    where.push(`EXISTS (SELECT 1 FROM resource p WHERE p.resource_type = 'Patient'
      AND p.patient_key = r.patient_key AND p.id = r.patient_key AND NOT p.deleted)`);
  }
  where.push(...exportScopeSql(request, 'r'));
  const queries = request.typeFilters?.[type];
  if (queries) {
    const alternatives = queries.map((q) => {
      const filters = compileTypeFilter(deps.lookup, type, q);
      return `(${filters.map((f) => filterSql(f, 'r', p, [type])).join(' AND ')})`;
    });
    where.push(`(${alternatives.join(' OR ')})`);
  }
  const kept = [...(request.elements?.['*'] ?? []), ...(request.elements?.[type] ?? [])];
  let content = 'r.content';
  if (request.elements !== undefined) {
    // Only the elements asked for, plus what identifies the resource; tagged so nobody takes it as whole.
    const keys = p.add(['resourceType', 'id', 'meta', ...kept], 'text[]');
    const obj = `(SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(r.content::jsonb) e WHERE e.key = ANY(${keys}))`;
    content = `jsonb_set(${obj}, '{meta,tag}', coalesce(${obj} #> '{meta,tag}', '[]'::jsonb) || ${p.add(SUBSETTED)}::jsonb)::text`;
  }
  const limit = p.add(deps.pageSize, 'int');
  const cursor = `$${p.values.length + 1}::bigint`;
  const sql = `SELECT r.id, r.patient_key, ${content} AS content, r.seq::text AS seq FROM resource r
    WHERE ${where.join('\n  AND ')} AND r.seq > ${cursor} ORDER BY r.seq LIMIT ${limit}`;
  return { sql, params: p.values };
}

/**
 * The embedded engine has no autovacuum, so `resource` may never have been analysed: the planner then
 * guesses a handful of rows per type and answers each keyset page with a bitmap scan of every
 * remaining row of the type plus a sort, which makes an export quadratic in the size of the store
 * (measured: 12,000 resources/s on the Synthea sample against 53,000/s on one shard). Analysing first
 * gives the planner the index scan that stops after one page. A server's autovacuum keeps its own
 * statistics, so this runs only on PGlite, and only when they are missing or stale.
 */
async function analyseIfStale(driver: SqlExecutor): Promise<void> {
  if ((driver as { kind?: string }).kind !== 'pglite') return;
  const { rows } = await driver.query<{ stale: boolean }>(
    `SELECT (last_analyze IS NULL AND last_autoanalyze IS NULL) OR n_mod_since_analyze > n_live_tup / 10 AS stale
     FROM pg_stat_user_tables WHERE relname = 'resource'`,
  );
  if (rows[0]?.stale === true) await driver.query('ANALYZE resource');
}

async function typesToExport(deps: ExportJobDeps, request: ExportRequest): Promise<string[]> {
  const { rows } = await deps.driver.query<{ resource_type: string }>(
    `SELECT DISTINCT resource_type FROM resource WHERE NOT deleted ORDER BY resource_type`,
  );
  const present = rows.map((r) => r.resource_type);
  const wanted = request.types ?? present;
  // Patient and Group level cover the Patient compartment only; other types would always be empty.
  const inLevel = (t: string) =>
    request.level === 'system' || t === 'Patient' || (deps.patientCompartment[t]?.params.length ?? 0) > 0;
  return wanted.filter((t) => present.includes(t) && inLevel(t));
}
