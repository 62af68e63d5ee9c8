import { isFhirError, isObject } from '../../fhir/index.js';
import type { Bundle, BundleEntry, OperationOutcome } from '../../fhir/index.js';
import type { FhirService } from '../../rest/index.js';
import type { ImportFailure } from './import-report.js';
import type { EntryOrigin, WorkUnit } from './plan-work.js';

export interface UnitOutcome {
  written: number;
  created: number;
  failedEntries: number;
  failures: ImportFailure[];
}

export interface SendOptions {
  /** How often a request that lost a race with a concurrent writer is tried again. */
  retries: number;
  sleep: (ms: number) => Promise<void>;
}

// Two bundles creating the same new id at once (shared Organizations, say) make one of them fail
// with 409; sent again, it finds the resource and updates it. 503 is a database that blinked.
const RETRYABLE = new Set([409, 503]);
const MAX_ISSUES_PER_UNIT = 10;

/** Sends one unit through the FHIR service and says what became of each entry. */
export async function sendUnit(
  service: Pick<FhirService, 'handle'>,
  unit: WorkUnit,
  o: SendOptions,
): Promise<UnitOutcome> {
  return unit.bundle.type === 'batch' ? sendBatch(service, unit, o) : sendTransaction(service, unit, o);
}

async function sendTransaction(
  service: Pick<FhirService, 'handle'>,
  unit: WorkUnit,
  o: SendOptions,
): Promise<UnitOutcome> {
  const size = unit.bundle.entry?.length ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await service.handle({
        method: 'POST',
        url: '',
        body: unit.bundle,
        prefer: { return: 'minimal' },
      });
      const statuses = entryStatuses(response.body);
      return {
        written: size,
        created: statuses.filter((s) => s === 201).length,
        failedEntries: 0,
        failures: [],
      };
    } catch (e) {
      if (isFhirError(e) && RETRYABLE.has(e.status) && attempt < o.retries) {
        await o.sleep(backoff(attempt));
        continue;
      }
      return { written: 0, created: 0, failedEntries: size, failures: failuresOf(e, unit, (i) => i) };
    }
  }
}

async function sendBatch(
  service: Pick<FhirService, 'handle'>,
  unit: WorkUnit,
  o: SendOptions,
): Promise<UnitOutcome> {
  const all = unit.bundle.entry ?? [];
  const outcome: UnitOutcome = { written: 0, created: 0, failedEntries: 0, failures: [] };
  // Indexes into `all` still to send; a retry sends only the entries that lost a race.
  let todo = all.map((_, i) => i);
  for (let attempt = 0; todo.length > 0; attempt++) {
    const bundle: Bundle = { ...unit.bundle, entry: todo.map((i) => all[i]!) };
    let entries: BundleEntry[];
    try {
      const response = await service.handle({
        method: 'POST',
        url: '',
        body: bundle,
        prefer: { return: 'minimal' },
      });
      entries = parseBundle(response.body)?.entry ?? [];
    } catch (e) {
      if (isFhirError(e) && RETRYABLE.has(e.status) && attempt < o.retries) {
        await o.sleep(backoff(attempt));
        continue;
      }
      const sent = todo;
      outcome.failedEntries += todo.length;
      outcome.failures.push(...failuresOf(e, unit, (i) => sent[i] ?? i));
      return outcome;
    }
    const retry: number[] = [];
    todo.forEach((index, k) => {
      const response = entries[k]?.response;
      const status = parseStatus(response?.status);
      if (status >= 200 && status < 300) {
        outcome.written++;
        if (status === 201) outcome.created++;
      } else if (RETRYABLE.has(status) && attempt < o.retries) {
        retry.push(index);
      } else {
        outcome.failedEntries++;
        const outcomeResource = response?.outcome as OperationOutcome | undefined;
        const diagnostics =
          outcomeResource?.issue
            ?.map((i) => stripEntryPrefix(i.diagnostics ?? i.code))
            .slice(0, MAX_ISSUES_PER_UNIT)
            .join('; ') ?? `the server answered ${response?.status ?? 'nothing'} for this entry`;
        outcome.failures.push(failureAt(unit, index, status || undefined, diagnostics));
      }
    });
    if (retry.length > 0) await o.sleep(backoff(attempt));
    todo = retry;
  }
  return outcome;
}

/** One failure per issue of a rejected request, placed at the entry each issue names. */
function failuresOf(e: unknown, unit: WorkUnit, toUnitIndex: (sentIndex: number) => number): ImportFailure[] {
  if (!isFhirError(e)) {
    const err = e as { name?: string; code?: unknown; message?: string };
    const code = err.code !== undefined ? ` (${String(err.code)})` : '';
    return [
      failureAt(
        unit,
        undefined,
        undefined,
        `unexpected error: ${err.name ?? 'Error'}${code}: ${String(err.message ?? e).slice(0, 200)}`,
      ),
    ];
  }
  return e.issues.slice(0, MAX_ISSUES_PER_UNIT).map((issue) => {
    const found = /^Bundle\.entry\[(\d+)\]/.exec(issue.expression?.[0] ?? issue.diagnostics);
    const index = found ? toUnitIndex(Number(found[1])) : undefined;
    return failureAt(unit, index, e.status, stripEntryPrefix(issue.diagnostics));
  });
}

function failureAt(
  unit: WorkUnit,
  index: number | undefined,
  status: number | undefined,
  diagnostics: string,
): ImportFailure {
  let where: EntryOrigin & { entry?: number };
  if (unit.entryOrigins) {
    // Stand-alone resources: the line (or file) the resource came from says it all.
    where = (index !== undefined ? unit.entryOrigins[index] : undefined) ??
      unit.entryOrigins[0] ?? { file: '?' };
  } else {
    where = { ...(unit.origin ?? { file: '?' }) };
    if (index !== undefined) where.entry = index;
  }
  const failure: ImportFailure = { ...where, diagnostics };
  if (status !== undefined) failure.status = status;
  return failure;
}

function stripEntryPrefix(diagnostics: string): string {
  return diagnostics.replace(/^Bundle\.entry\[\d+\]:\s*/, '');
}

function parseBundle(body: string | undefined): Bundle | undefined {
  if (!body) return undefined;
  const parsed = JSON.parse(body) as unknown;
  return isObject(parsed) ? (parsed as unknown as Bundle) : undefined;
}

function entryStatuses(body: string | undefined): number[] {
  return (parseBundle(body)?.entry ?? []).map((e) => parseStatus(e.response?.status));
}

function parseStatus(status: string | undefined): number {
  const n = Number.parseInt(status ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

function backoff(attempt: number): number {
  return 20 * 2 ** attempt + Math.floor(Math.random() * 20);
}
