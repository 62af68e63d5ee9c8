import type { PatientCompartment } from '../definitions/index.js';
import type { SqlExecutor } from '../store/index.js';
import type { ExportPolicy } from './bulk-export-policy.js';
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

export interface ExportJobDeps {
  driver: SqlExecutor;
  patientCompartment: PatientCompartment;
  policy: ExportPolicy;
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

/**
 * Writes one job's output: for each type, keyset pages over the current resources, streamed into
 * parts, so memory stays flat whatever the size of the store. Checks for cancellation between pages so a
 * DELETE stops the work promptly; the caller removes what was written.
 */
export async function runExportJob(
  deps: ExportJobDeps,
  jobId: string,
  request: ExportRequest,
  job: RunningJob,
): Promise<ExportFile[]> {
  const { driver } = deps;
  const files: ExportFile[] = [];
  for (const type of await typesToExport(deps, request)) {
    let after = '0';
    let part = 0;
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0 || job.cancelled) return;
      part += 1;
      await driver.query(
        `INSERT INTO bulk_export_file (job_id, resource_type, part, content, count) VALUES ($1, $2, $3, $4, $5)`,
        [jobId, type, part, lines.join('\n') + '\n', lines.length],
      );
      files.push({ type, part, count: lines.length });
      lines = [];
    };
    for (;;) {
      if (job.cancelled) return files;
      const params: unknown[] = [type, after, deps.pageSize];
      let sql = `SELECT r.id, r.patient_key, r.content, r.seq::text AS seq FROM resource r
        WHERE NOT r.deleted AND r.resource_type = $1 AND r.seq > $2::bigint`;
      if (request.since !== undefined) {
        params.push(request.since);
        sql += ` AND r.last_updated >= $${params.length}::timestamptz`;
      }
      if (request.level === 'patient') {
        // In a patient's compartment: the store keys such resources by the id of a current Patient.
        sql += ` AND EXISTS (SELECT 1 FROM resource p WHERE p.resource_type = 'Patient'
          AND p.patient_key = r.patient_key AND p.id = r.patient_key AND NOT p.deleted)`;
      }
      sql += ` ORDER BY r.seq LIMIT $3`;
      const { rows } = await driver.query<Row>(sql, params);
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

async function typesToExport(deps: ExportJobDeps, request: ExportRequest): Promise<string[]> {
  const { rows } = await deps.driver.query<{ resource_type: string }>(
    `SELECT DISTINCT resource_type FROM resource WHERE NOT deleted ORDER BY resource_type`,
  );
  const present = rows.map((r) => r.resource_type);
  const wanted = request.types ?? present;
  // Patient level covers the Patient compartment only; types outside it would always be empty.
  const inLevel = (t: string) =>
    request.level === 'system' || t === 'Patient' || (deps.patientCompartment[t]?.params.length ?? 0) > 0;
  return wanted.filter((t) => present.includes(t) && inLevel(t));
}
