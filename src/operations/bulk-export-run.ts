import type { PatientCompartment } from '../definitions/index.js';
import { errors } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { SqlExecutor } from '../store/index.js';
import { directorySink } from './bulk-export-files.js';
import { groupMembersFromStore } from './bulk-export-group.js';
import { runExportJob } from './bulk-export-job.js';
import type { ExportFile, RunningJob } from './bulk-export-job.js';
import { exportEverythingCurrent } from './bulk-export-policy.js';
import type { ExportPolicy } from './bulk-export-policy.js';
import { checkExportOptions } from './bulk-export-request.js';
import type { ExportOptions, ExportRequest } from './bulk-export-request.js';

export interface DirectoryExportDeps {
  driver: SqlExecutor;
  patientCompartment: PatientCompartment;
  lookup: ParamLookup;
  policy?: ExportPolicy;
  pageSize?: number;
  partSize?: number;
}

export interface DirectoryExportResult {
  request: ExportRequest;
  files: ExportFile[];
  /** One path per exported type. */
  paths: string[];
  exported: number;
}

/**
 * The `$export` job run in this process straight into a directory (`heartwood export`, the export
 * benchmark): the same checks, the same query and the same policy as over HTTP, without a job row.
 * `onPart` is told after each part is written, for progress.
 */
export async function exportToDirectory(
  deps: DirectoryExportDeps,
  options: ExportOptions,
  dir: string,
  onPart?: (type: string, exported: number) => void,
  cancel?: { cancelled: boolean },
): Promise<DirectoryExportResult> {
  let request: ExportRequest = { url: 'heartwood export', ...checkExportOptions(deps.lookup, options) };
  if (request.level === 'group') {
    let patients = await groupMembersFromStore(deps.driver, request.group!, new Date());
    if (patients === undefined) throw errors.notFound(`There is no Group ${request.group!}.`);
    if (request.patients !== undefined) patients = patients.filter((p) => request.patients!.includes(p));
    request = { ...request, patients };
  }
  const job: RunningJob = { exported: 0, cancelled: false, done: Promise.resolve() };
  if (cancel) Object.defineProperty(job, 'cancelled', { get: () => cancel.cancelled });
  const files = directorySink(dir);
  const sink = {
    async writePart(type: string, part: number, content: string, count: number) {
      await files.writePart(type, part, content, count);
      onPart?.(type, job.exported);
    },
  };
  try {
    const written = await runExportJob(
      {
        driver: deps.driver,
        patientCompartment: deps.patientCompartment,
        lookup: deps.lookup,
        policy: deps.policy ?? exportEverythingCurrent,
        pageSize: deps.pageSize ?? 1000,
        partSize: deps.partSize ?? 10_000,
      },
      sink,
      request,
      job,
    );
    return { request, files: written, paths: files.files, exported: job.exported };
  } finally {
    await files.close();
  }
}
