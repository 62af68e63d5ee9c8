import { isObject } from '../../fhir/index.js';
import type { Bundle, BundleEntry, FhirResource } from '../../fhir/index.js';
import type { ImportFailure } from './import-report.js';
import type { InputFile } from './input-files.js';
import { applyIdPolicy, entryForResource } from './keep-source-ids.js';
import type { IdPolicy } from './keep-source-ids.js';
import { readRecords } from './read-records.js';

export interface EntryOrigin {
  file: string;
  line?: number;
}

/** One Bundle to send, and where its entries came from (for reporting failures). */
export interface WorkUnit {
  bundle: Bundle;
  /** For a Bundle read from a file: where it was. */
  origin?: EntryOrigin;
  /** For stand-alone resources grouped into a batch: where each entry was. */
  entryOrigins?: EntryOrigin[];
}

export interface PlanOptions {
  policy: IdPolicy;
  batchSize: number;
  onBytes: (n: number) => void;
  onFileDone: () => void;
  /** A record that could not be turned into a request (unreadable file, bad JSON, not a resource). */
  reject: (failure: ImportFailure) => void;
}

/**
 * Turns files into Bundles to send. Transaction and batch Bundles go as they are (after the id
 * policy); other Bundles (collection, document, searchset…) go as one transaction of their
 * resources, so references between their entries resolve; stand-alone resources are grouped into
 * batches of `batchSize`, across files, because one request per resource would be far slower.
 */
export async function* planWork(files: InputFile[], o: PlanOptions): AsyncGenerator<WorkUnit> {
  let pending: { entry: BundleEntry; origin: EntryOrigin }[] = [];
  const flush = (): WorkUnit => {
    const unit: WorkUnit = {
      bundle: { resourceType: 'Bundle', type: 'batch', entry: pending.map((p) => p.entry) },
      entryOrigins: pending.map((p) => p.origin),
    };
    pending = [];
    return unit;
  };

  for (const file of files) {
    try {
      for await (const record of readRecords(file, o.onBytes)) {
        const origin: EntryOrigin =
          record.line === undefined ? { file: file.path } : { file: file.path, line: record.line };
        if ('error' in record) {
          o.reject({ ...origin, diagnostics: record.error });
          continue;
        }
        const value = record.value;
        if (!isObject(value) || typeof value.resourceType !== 'string') {
          o.reject({ ...origin, diagnostics: 'not a FHIR resource (no resourceType)' });
          continue;
        }
        if (value.resourceType === 'Bundle') {
          const bundle = toSendable(value as unknown as Bundle, o.policy);
          if (bundle) yield { bundle, origin };
          continue;
        }
        pending.push({ entry: entryForResource(value as FhirResource, o.policy), origin });
        if (pending.length >= o.batchSize) yield flush();
      }
    } catch (e) {
      o.reject({ file: file.path, diagnostics: `cannot read the file: ${describeReadError(e)}` });
    }
    o.onFileDone();
  }
  if (pending.length > 0) yield flush();
}

function toSendable(bundle: Bundle, policy: IdPolicy): Bundle | undefined {
  if (bundle.type === 'transaction' || bundle.type === 'batch') return applyIdPolicy(bundle, policy);
  const entries = (Array.isArray(bundle.entry) ? bundle.entry : []).filter(
    (e: BundleEntry) => isObject(e) && isObject(e.resource) && !isOutcomeEntry(e),
  );
  if (entries.length === 0) return undefined;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map((e) => {
      const entry = entryForResource(e.resource!, policy);
      return e.fullUrl ? { fullUrl: e.fullUrl, ...entry } : entry;
    }),
  };
}

/** Searchset entries that carry the server's OperationOutcome, not data. */
function isOutcomeEntry(e: BundleEntry): boolean {
  return e.search?.mode === 'outcome';
}

function describeReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR')
    return `not a valid gzip file (${err.message})`;
  return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
}
