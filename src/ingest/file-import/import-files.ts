import { setTimeout as sleep } from 'node:timers/promises';
import type { FhirService } from '../../rest/index.js';
import type { ImportFailure, ImportProgress, ImportSummary } from './import-report.js';
import { listInputFiles } from './input-files.js';
import type { IdPolicy } from './keep-source-ids.js';
import { planWork } from './plan-work.js';
import { sendUnit } from './send-unit.js';

export interface ImportOptions {
  /** The FHIR service: the importer writes exactly as an HTTP client would (validation, transactions). */
  service: Pick<FhirService, 'handle'>;
  /** Files and directories: .json, .ndjson, .jsonl, each optionally .gz. */
  paths: string[];
  /** Bundles in flight at once; default 4. */
  concurrency?: number;
  /** `keep` (default) writes resources under their source ids, so re-importing is safe. */
  ids?: IdPolicy;
  /** Stand-alone resources per batch Bundle; default 500. */
  batchSize?: number;
  /** Failures kept for the summary (all are counted); default 1,000. */
  maxFailuresKept?: number;
  /** Called after every Bundle the server answered; cheap, so callers throttle what they draw. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops taking new work when aborted; Bundles in flight finish, so nothing is left half-written. */
  signal?: AbortSignal;
}

/**
 * Imports FHIR data from files through the FHIR service. Reading is streamed and at most
 * `concurrency` Bundles are in flight, so memory stays flat however much is imported. Failures are
 * collected, never thrown: the summary says what failed and where.
 */
export async function importFiles(o: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const files = await listInputFiles(o.paths);
  const maxKept = o.maxFailuresKept ?? 1000;
  const summary: ImportSummary = {
    filesTotal: files.length,
    filesDone: 0,
    bytesTotal: files.reduce((n, f) => n + f.size, 0),
    bytesRead: 0,
    bundles: 0,
    resources: 0,
    failedResources: 0,
    elapsedMs: 0,
    created: 0,
    failures: [],
    failureCount: 0,
    aborted: false,
  };
  const fail = (f: ImportFailure) => {
    summary.failureCount++;
    if (summary.failures.length < maxKept) summary.failures.push(f);
  };
  const progress = () => {
    summary.elapsedMs = performance.now() - started;
    if (o.onProgress) {
      const { failures: _f, failureCount: _c, created: _r, aborted: _a, ...p } = summary;
      o.onProgress(p);
    }
  };

  const work = planWork(files, {
    policy: o.ids ?? 'keep',
    batchSize: o.batchSize ?? 500,
    onBytes: (n) => (summary.bytesRead += n),
    onFileDone: () => {
      summary.filesDone++;
      progress();
    },
    reject: (f) => {
      summary.failedResources++;
      fail(f);
    },
  });
  // Workers pull from one generator: its next() calls queue, so each unit goes to exactly one worker
  // and the files are read no faster than the server takes them.
  let exhausted = false;
  const worker = async () => {
    while (!o.signal?.aborted) {
      const { value: unit, done } = await work.next();
      if (done) {
        exhausted = true;
        return;
      }
      const outcome = await sendUnit(o.service, unit, { retries: 5, sleep: (ms) => sleep(ms) });
      if (unit.origin) summary.bundles++;
      summary.resources += outcome.written;
      summary.created += outcome.created;
      summary.failedResources += outcome.failedEntries;
      outcome.failures.forEach(fail);
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
  summary.aborted = !exhausted;
  if (summary.aborted) await work.return(undefined);
  summary.elapsedMs = performance.now() - started;
  return summary;
}
