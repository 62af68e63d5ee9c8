import { randomUUID } from 'node:crypto';
import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { StoredLinkerSource } from '../identity/index.js';
import {
  activeLinksBetween,
  conflictingNhsNumbers,
  createLink,
  isNotLink,
  linkedPatientIds,
  orderedPair,
  personRecordFromPatient,
  storedLinkerSource,
} from '../identity/index.js';
import type { ResourceStore, SqlExecutor } from '../store/index.js';
import { settledSeq, startBackgroundLoop } from '../store/index.js';
import type { BackgroundLoop } from '../store/index.js';
import type { BlockingQuery } from './patient-match-blocking.js';
import { scoreCandidatesBatch } from './patient-match-candidates.js';
import { linkReviewTask } from './task-link-review.js';

export interface PatientLinkerDeps {
  store: ResourceStore;
  /** The search vocabulary, for the blocking searches (an opened store's registry fits). */
  registry: { param: ParamLookup['param']; resourceTypes(): string[] };
  /** Base URL the blocking searches resolve absolute references against. */
  base?: string;
  /** Where the scoring model comes from (default: the stored model, priors when none). */
  linkers?: StoredLinkerSource;
  /** Candidates scored per record (default 50: a new record has a handful of true partners). */
  maxCandidates?: number;
  /** Review Tasks opened per record at most, best first (default 3), so one vague record cannot flood the queue. */
  maxReviewsPerRecord?: number;
}

export interface LinkerProgress {
  /** Patient versions read. */
  processed: number;
  /** Automatic links made. */
  linked: number;
  /** Review Tasks opened. */
  reviews: number;
}

/** Who the links and Tasks are recorded as made by. */
export const LINKER_ACTOR = 'Device/heartwood';
const WATERMARK = 'patient';

function lookupOf(registry: PatientLinkerDeps['registry']): ParamLookup {
  let types: Set<string> | undefined;
  return {
    param: (t, c) => registry.param(t, c),
    isResourceType: (t) => (types ??= new Set(registry.resourceTypes())).has(t),
  };
}

/**
 * A record with a valid NHS number is searched by identifier and by its exact family name or postcode
 * with its birth date, not by every fuzzy pass. A partner with the same number is found by identifier;
 * one with a different valid number is never linked; one without a valid number is found here when it
 * shares the name or postcode and birth date, and otherwise finds this record itself, with every pass,
 * when it is linked after it. This keeps most records to three or four indexed passes.
 */
function nhsRecordPasses(queries: BlockingQuery[]): BlockingQuery[] {
  const fullDate = (v: string | undefined) => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v);
  return queries.filter(
    ([first, second]) =>
      first?.[0] === 'identifier' ||
      (first?.[0] === 'family' && second?.[0] === 'birthdate' && fullDate(second[1])) ||
      (first?.[0] === 'birthdate' && second?.[0] === 'address-postalcode'),
  );
}

const isMergedAway = (p: FhirResource) =>
  Array.isArray(p.link) && p.link.some((l) => (l as { type?: unknown }).type === 'replaced-by');

/** Opens a review Task for the pair unless one was ever opened for it; true when it did. */
async function openReview(
  store: ResourceStore,
  exec: SqlExecutor,
  patientId: string,
  otherId: string,
  weight: number,
  grade: 'probable',
): Promise<boolean> {
  const [low, high] = orderedPair(patientId, otherId);
  const taskId = randomUUID();
  const claimed = await exec.query(
    `INSERT INTO patient_link_review (low_id, high_id, task_id, created_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (low_id, high_id) DO NOTHING RETURNING task_id`,
    [low, high, taskId],
  );
  if (claimed.rows.length === 0) return false;
  const now = new Date().toISOString();
  await store.write([
    { op: 'create', resource: linkReviewTask(taskId, patientId, otherId, weight, grade, now) },
  ]);
  return true;
}

/**
 * Links the Patients written since the watermark, a batch per transaction (links, Tasks and the new
 * watermark commit together; the watermark row is locked, so two processes never link the same batch).
 * Each record goes through `$match`'s blocking and scoring against the store (the batch's candidates
 * read in one search): `certain` pairs get an automatic link, `probable` ones (the grey zone above
 * even odds) a review Task unless the pair already had one.
 * Never links or proposes records with different valid NHS numbers, pairs a reviewer declared
 * different people, or records already of one person; merged-away records are skipped.
 */
export async function drainPatientLinker(
  deps: PatientLinkerDeps,
  options: {
    batchSize?: number;
    maxBatches?: number;
    /** Give up, linking nothing this time, rather than wait longer for writes in progress to settle. */
    settleWaitMs?: number;
  } = {},
): Promise<LinkerProgress> {
  const lookup = lookupOf(deps.registry);
  const linkers = deps.linkers ?? storedLinkerSource();
  const base = deps.base ?? 'http://localhost/fhir';
  const cap = deps.maxCandidates ?? 50;
  const maxReviews = deps.maxReviewsPerRecord ?? 3;
  const batchSize = options.batchSize ?? 200;
  const progress: LinkerProgress = { processed: 0, linked: 0, reviews: 0 };
  // Only as far as every write has settled: a Patient that took a lower number but commits later
  // would otherwise fall behind the watermark and never be linked.
  let horizon: string;
  try {
    horizon = await deps.store.transaction((store) =>
      store.withExecutor((exec) => settledSeq(exec, options.settleWaitMs)),
    );
  } catch (e) {
    // A long transaction is still writing: new writes must not queue behind the linker meanwhile.
    if (options.settleWaitMs !== undefined && (e as { code?: string }).code === '55P03') return progress;
    throw e;
  }

  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const n = await deps.store.transaction((store) =>
      store.withExecutor(async (exec) => {
        await exec.query(
          `INSERT INTO patient_linker_state (name, seq) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
          [WATERMARK],
        );
        const state = await exec.query<{ seq: string }>(
          'SELECT seq::text AS seq FROM patient_linker_state WHERE name = $1 FOR UPDATE',
          [WATERMARK],
        );
        const from = state.rows[0]?.seq ?? '0';
        const rows = await exec.query<{
          id: string;
          seq_text: string;
          content: string | null;
          deleted: boolean;
        }>(
          // Ordered by the bigint column: an alias of its text form would sort '10' before '9'.
          `SELECT id, seq::text AS seq_text, content, deleted FROM resource
           WHERE resource_type = 'Patient' AND seq > $1::bigint AND seq <= $3::bigint
           ORDER BY resource.seq LIMIT $2`,
          [from, batchSize, horizon],
          'patient-linker-batch',
        );
        if (rows.rows.length === 0) return 0;
        const linker = await linkers.linker(exec);
        const live = rows.rows.flatMap((row) => {
          if (row.deleted || row.content === null) return [];
          const patient = JSON.parse(row.content) as FhirResource;
          return patient.active === false || isMergedAway(patient) ? [] : [{ id: row.id, patient }];
        });
        const batchScores = await scoreCandidatesBatch(
          store,
          lookup,
          base,
          live.map(({ id, patient }) => ({
            patient,
            exclude: new Set([id]),
            passes: personRecordFromPatient(patient).nhsNumber === undefined ? undefined : nhsRecordPasses,
          })),
          linker,
          cap,
        );
        for (const [i, { id, patient }] of live.entries()) {
          const scored = batchScores[i]!;
          let reviews = 0;
          let same: Set<string> | undefined;
          for (const result of scored.results) {
            const otherId = String(result.patient.id);
            if (conflictingNhsNumbers(patient, result.patient)) continue;
            // `possible` pairs are not queued: at a million records they are a flood of different people
            // (none of 363 was one person in the benchmark); `$match` still shows them to a person asking.
            if (
              result.score.grade === 'possible' ||
              (result.score.grade !== 'certain' && reviews >= maxReviews)
            )
              continue;
            same ??= new Set(await linkedPatientIds(exec, id));
            if (same.has(otherId)) continue;
            if ((await activeLinksBetween(exec, id, otherId)).length > 0) continue;
            if (await isNotLink(exec, id, otherId)) continue;
            if (result.score.grade === 'certain') {
              const made = await createLink(exec, {
                patientId: id,
                otherId,
                kind: 'auto',
                score: result.score.weight,
                createdBy: LINKER_ACTOR,
                reason: 'certain match',
              });
              if (made.created) progress.linked++;
              same = undefined;
            } else if (result.score.grade === 'probable') {
              reviews++;
              if (await openReview(store, exec, id, otherId, result.score.weight, result.score.grade))
                progress.reviews++;
            }
          }
        }
        await exec.query('UPDATE patient_linker_state SET seq = $2::bigint WHERE name = $1', [
          WATERMARK,
          rows.rows.at(-1)!.seq_text,
        ]);
        return rows.rows.length;
      }),
    );
    if (n === 0) break;
    progress.processed += n;
  }
  return progress;
}

/**
 * Runs the linker in the background while writes are quiet (the version sequence did not move during
 * the last interval), like the text indexer: linking competes with a bulk load for the same CPU, and
 * catches up as soon as the load ends.
 */
export function startPatientLinker(deps: PatientLinkerDeps, intervalMs = 1000): BackgroundLoop {
  let lastSeq: string | undefined;
  let caughtUpAt: string | undefined;
  return startBackgroundLoop(async (stopping) => {
    const seq = await deps.store.withExecutor(async (exec) => {
      const r = await exec.query<{ v: string }>('SELECT last_value::text AS v FROM resource_seq');
      return r.rows[0]?.v;
    });
    const quiet = seq === lastSeq;
    lastSeq = seq;
    // Nothing was written since the last drain caught up: no transaction at all.
    if (!quiet || stopping() || seq === caughtUpAt) return;
    const progress = await drainPatientLinker(deps, { maxBatches: 5, settleWaitMs: 100 });
    if (progress.processed === 0) caughtUpAt = seq;
  }, intervalMs);
}
