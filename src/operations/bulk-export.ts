/**
 * FHIR Bulk Data Access v2 `$export` at system and Patient level, asynchronous: the kick-off answers
 * 202 with a status URL, a job in this process writes NDJSON parts to `bulk_export_file`, the status
 * URL answers 202 with progress and then the manifest, and each manifest entry is downloaded from
 * `$export-file`. Job state lives in the database, so status and files survive the kick-off request.
 */
import type { PatientCompartment } from '../definitions/index.js';
import { errors, informational } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { FhirResponse, OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import type { SqlExecutor } from '../store/index.js';
import { activePatientMembers } from './bulk-export-group.js';
import { runExportJob, tableSink } from './bulk-export-job.js';
import type { ExportFile, RunningJob } from './bulk-export-job.js';
import { exportEverythingCurrent } from './bulk-export-policy.js';
import type { ExportPolicy } from './bulk-export-policy.js';
import { readExportRequest } from './bulk-export-request.js';
import type { ExportRequest } from './bulk-export-request.js';

export interface BulkExportDeps {
  driver: SqlExecutor;
  patientCompartment: PatientCompartment;
  /** What a job may export; defaults to every current resource (see `bulk-export-policy.ts`). */
  policy?: ExportPolicy;
  pageSize?: number;
  partSize?: number;
}

/**
 * An operation the dispatcher should also accept with DELETE (the Bulk Data IG cancels a job by
 * deleting its status URL). The dispatcher does not read this yet: see `run` of `$export-status`.
 */
type DeletableOperation = OperationDefinition & { acceptsDelete: true };

interface JobRow {
  status: string;
  request: string;
  created_at: Date | string;
  error: string | null;
  output: ExportFile[] | string | null;
}

const NDJSON = 'application/fhir+ndjson';

/** The three operations of one export service, sharing the jobs that run in this process. */
export function createBulkExport(deps: BulkExportDeps): OperationDefinition[] {
  const { driver } = deps;
  // Jobs started by this process, so status can report live progress and DELETE can stop the work.
  const running = new Map<string, RunningJob>();
  const jobDeps = {
    driver,
    patientCompartment: deps.patientCompartment,
    policy: deps.policy ?? exportEverythingCurrent,
    pageSize: deps.pageSize ?? 1000,
    partSize: deps.partSize ?? 10_000,
  };

  async function kickOff(ctx: OperationContext, call: OperationCall): Promise<FhirResponse> {
    let request = readExportRequest(ctx, call);
    if (request.level === 'group') request = await withGroupMembers(ctx, request);
    const id = globalThis.crypto.randomUUID();
    await driver.query(
      `INSERT INTO bulk_export_job (id, status, request, created_at) VALUES ($1, 'in-progress', $2, now())`,
      [id, JSON.stringify(request)],
    );
    const job: RunningJob = { exported: 0, cancelled: false, done: Promise.resolve() };
    running.set(id, job);
    job.done = runExportJob({ ...jobDeps, lookup: ctx.lookup }, tableSink(driver, id), request, job)
      .then(async (files) => {
        if (job.cancelled) return;
        await driver.query(
          `UPDATE bulk_export_job SET status = 'completed', completed_at = now(), output = $2::jsonb
           WHERE id = $1 AND status = 'in-progress'`,
          [id, JSON.stringify(files)],
        );
      })
      .catch(async (e: unknown) => {
        // The client learns of the failure from the status URL; the message is ours, never patient data.
        const message = e instanceof Error ? e.message.slice(0, 500) : 'export failed';
        await driver
          .query(
            `UPDATE bulk_export_job SET status = 'error', completed_at = now(), error = $2
             WHERE id = $1 AND status = 'in-progress'`,
            [id, message],
          )
          .catch(() => undefined);
      })
      .finally(() => running.delete(id));
    return {
      status: 202,
      headers: { 'Content-Location': statusUrl(ctx.base, id) },
      body: JSON.stringify(informational('The export has started: poll Content-Location.')),
    };
  }

  async function readJob(id: string | null): Promise<JobRow> {
    if (id === null || id === '') throw errors.badRequest('$export-status needs the job parameter.');
    const { rows } = await driver.query<JobRow>(
      `SELECT status, request, created_at, error, output FROM bulk_export_job WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw errors.notFound(`There is no export job ${id.slice(0, 64)}.`);
    return rows[0];
  }

  async function status(ctx: OperationContext, call: OperationCall): Promise<FhirResponse> {
    const id = call.params.get('job');
    const row = await readJob(id);
    if (call.request.method === 'DELETE') return cancel(id!);
    if (row.status === 'in-progress') {
      const live = running.get(id!)?.exported;
      const exported = live ?? (await writtenSoFar(id!));
      return {
        status: 202,
        headers: {
          'X-Progress': `exported ${exported.toLocaleString('en-GB')} resources`,
          'Retry-After': '1',
        },
      };
    }
    if (row.status === 'error') {
      throw errors.internal(`The export failed: ${row.error ?? 'unknown error'}.`);
    }
    const request = JSON.parse(row.request) as { url: string };
    const files = (
      typeof row.output === 'string' ? JSON.parse(row.output) : (row.output ?? [])
    ) as ExportFile[];
    const manifest = {
      transactionTime: new Date(row.created_at).toISOString(),
      request: request.url,
      requiresAccessToken: false,
      output: files.map((f) => ({ type: f.type, url: fileUrl(ctx.base, id!, f), count: f.count })),
      error: [],
    };
    return { status: 200, body: JSON.stringify(manifest), contentType: 'application/json' };
  }

  async function writtenSoFar(id: string): Promise<number> {
    const { rows } = await driver.query<{ n: string | number }>(
      `SELECT coalesce(sum(count), 0)::text AS n FROM bulk_export_file WHERE job_id = $1`,
      [id],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async function cancel(id: string): Promise<FhirResponse> {
    const job = running.get(id);
    if (job) {
      job.cancelled = true;
      // Waiting for the job's current statement means nothing is written after the files are removed.
      await job.done;
    }
    await driver.query(`DELETE FROM bulk_export_file WHERE job_id = $1`, [id]);
    await driver.query(`DELETE FROM bulk_export_job WHERE id = $1`, [id]);
    return {
      status: 202,
      body: JSON.stringify(informational('The export was cancelled.')),
    };
  }

  async function file(_ctx: OperationContext, call: OperationCall): Promise<FhirResponse> {
    const id = call.params.get('job') ?? '';
    const type = call.params.get('type') ?? '';
    const part = Number(call.params.get('part') ?? '1');
    if (!Number.isInteger(part) || part < 1)
      throw errors.invalidParameter('part must be a positive integer.');
    const { rows } = await driver.query<{ content: string }>(
      `SELECT content FROM bulk_export_file WHERE job_id = $1 AND resource_type = $2 AND part = $3`,
      [id, type, part],
    );
    if (!rows[0]) throw errors.notFound('There is no such export file.');
    return { status: 200, body: rows[0].content, contentType: NDJSON };
  }

  const statusOperation: DeletableOperation = {
    name: 'export-status',
    levels: ['system'],
    definition: 'http://hl7.org/fhir/uv/bulkdata/StructureDefinition/export-status',
    affectsState: false,
    acceptsDelete: true,
    run: status,
  };
  return [
    {
      name: 'export',
      levels: ['system', 'type', 'instance'],
      resourceTypes: ['Patient', 'Group'],
      definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
      // GET is the kick-off the IG defines; the job it starts is not a change to any resource.
      affectsState: false,
      run: kickOff,
    },
    statusOperation,
    {
      name: 'export-file',
      levels: ['system'],
      definition: 'http://hl7.org/fhir/uv/bulkdata/StructureDefinition/export-file',
      affectsState: false,
      run: file,
    },
  ];
}

/**
 * Group level: the members are read once, at kick-off, through the service as the caller (so access
 * policy applies to the Group read), and the job exports their compartments as they were then.
 */
async function withGroupMembers(ctx: OperationContext, request: ExportRequest): Promise<ExportRequest> {
  const r = await ctx.handle({ method: 'GET', url: `Group/${request.group!}` });
  const group = JSON.parse(r.body ?? '{}') as FhirResource;
  let patients = activePatientMembers(group, new Date());
  // The patient parameter narrows a Group export to those of its members.
  if (request.patients !== undefined) patients = patients.filter((p) => request.patients!.includes(p));
  return { ...request, patients };
}

function statusUrl(base: string, id: string): string {
  return `${base}/$export-status?job=${encodeURIComponent(id)}`;
}

function fileUrl(base: string, id: string, f: ExportFile): string {
  const q = new URLSearchParams({ job: id, type: f.type, part: String(f.part) });
  return `${base}/$export-file?${q.toString()}`;
}
