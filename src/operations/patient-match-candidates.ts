import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { Linker } from '../identity/index.js';
import { personRecordFromPatient } from '../identity/index.js';
import type { ResourceStore } from '../store/index.js';
import {
  blockCandidateIds,
  blockingQueries,
  findCandidates,
  readPatients,
} from './patient-match-blocking.js';
import type { BlockingQuery } from './patient-match-blocking.js';
import type { MatchResult } from './patient-match-bundle.js';
import { applyMatchPolicy } from './patient-match-policy.js';
import { survivorOf } from './patient-match-survivor.js';

export interface ScoredCandidates {
  /** Surviving records graded above certainly-not, best first. */
  results: MatchResult[];
  /** Whether blocking found any search to run at all. */
  blocked: boolean;
  /** True when candidates were cut at the cap. */
  capped: boolean;
}

const gradeRank = { certain: 0, probable: 1, possible: 2, 'certainly-not': 3 } as const;

/**
 * Scores candidates against `patient`: each surviving record keeps its best score over its own
 * details and those of records merged into it (a caller may still hold the old name, address or
 * number), with the MPI's stricter bar for certain; above certainly-not only, best first.
 */
async function scoreFound(
  store: ResourceStore,
  patient: FhirResource,
  candidates: Iterable<FhirResource>,
  linker: Linker,
  exclude: ReadonlySet<string>,
): Promise<MatchResult[]> {
  const query = personRecordFromPatient({ ...patient, id: '' });
  const best = new Map<string, MatchResult>();
  const scored = new Set<string>();
  const consider = (survivor: FhirResource, record: FhirResource) => {
    const recordId = String(record.id);
    if (scored.has(recordId) || exclude.has(recordId)) return;
    scored.add(recordId);
    const id = String(survivor.id);
    const score = applyMatchPolicy(linker.score(query, personRecordFromPatient(record)));
    const previous = best.get(id);
    if (previous === undefined || score.weight > previous.score.weight)
      best.set(id, { patient: survivor, score, via: recordId === id ? undefined : recordId });
  };
  for (const candidate of candidates) {
    const survivor = await survivorOf(store, candidate);
    if (survivor === undefined || exclude.has(String(survivor.id))) continue;
    consider(survivor, candidate);
    consider(survivor, survivor);
  }
  return [...best.values()]
    .filter((r) => r.score.grade !== 'certainly-not')
    .sort(
      (a, b) =>
        gradeRank[a.score.grade] - gradeRank[b.score.grade] ||
        b.score.weight - a.score.weight ||
        String(a.patient.id).localeCompare(String(b.patient.id)),
    );
}

/**
 * The `$match` pipeline without the Bundle: block with indexed passes (one statement), fold merged
 * records into their survivors, score each against `patient` (plus the MPI's stricter bar for
 * certain) and sort best first. Shared by `Patient/$match` and the background linker, so both see one
 * notion of a candidate. `exclude` drops records (the query record itself when linking a stored
 * Patient); `passes` may narrow the blocking passes.
 */
export async function scoreCandidates(
  store: ResourceStore,
  lookup: ParamLookup,
  base: string,
  patient: FhirResource,
  linker: Linker,
  cap: number,
  exclude: ReadonlySet<string> = new Set(),
  passes: (queries: BlockingQuery[]) => BlockingQuery[] = (q) => q,
): Promise<ScoredCandidates> {
  const queries = passes(blockingQueries(patient));
  const candidates = await findCandidates(store, lookup, base, queries, cap);
  const results = await scoreFound(store, patient, candidates.patients.values(), linker, exclude);
  return { results, blocked: queries.length > 0, capped: candidates.capped };
}

/** One record of a batch: the Patient, the records to leave out, and a narrowing of its passes. */
export interface CandidateQuery {
  patient: FhirResource;
  exclude?: ReadonlySet<string>;
  passes?: (queries: BlockingQuery[]) => BlockingQuery[];
}

/**
 * `scoreCandidates` for a batch of records, answers in the same order: each record is blocked on its
 * own, but the candidates of the whole batch are read in one search by id (a few hundred records
 * share one round trip instead of one each). Scores do not depend on links, so a caller may still
 * link the records one after another.
 */
export async function scoreCandidatesBatch(
  store: ResourceStore,
  lookup: ParamLookup,
  base: string,
  queries: readonly CandidateQuery[],
  linker: Linker,
  cap: number,
): Promise<ScoredCandidates[]> {
  const blocked: { passes: number; ids: string[]; capped: boolean }[] = [];
  for (const q of queries) {
    const passes = (q.passes ?? ((x) => x))(blockingQueries(q.patient));
    const found = await blockCandidateIds(store, lookup, base, passes, cap);
    blocked.push({ passes: passes.length, ...found });
  }
  const read = await readPatients(store, lookup, base, [...new Set(blocked.flatMap((b) => b.ids))]);
  const out: ScoredCandidates[] = [];
  for (const [i, q] of queries.entries()) {
    const b = blocked[i]!;
    const candidates = b.ids.flatMap((id) => read.get(id) ?? []);
    const results = await scoreFound(store, q.patient, candidates, linker, q.exclude ?? new Set());
    out.push({ results, blocked: b.passes > 0, capped: b.capped });
  }
  return out;
}
