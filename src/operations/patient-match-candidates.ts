import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { Linker } from '../identity/index.js';
import { personRecordFromPatient } from '../identity/index.js';
import type { ResourceStore } from '../store/index.js';
import { blockingQueries, findCandidates } from './patient-match-blocking.js';
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
 * The `$match` pipeline without the Bundle: block with indexed passes (one statement), fold merged
 * records into their survivors, score each against `patient` (plus the MPI's stricter bar for
 * certain) and sort best first. Shared by `Patient/$match` and the background linker, so both see one notion of
 * a candidate. `exclude` drops records (the query record itself when linking a stored Patient);
 * `passes` may narrow the blocking passes.
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
  const query = personRecordFromPatient({ ...patient, id: '' });
  const queries = passes(blockingQueries(patient));
  const candidates = await findCandidates(store, lookup, base, queries, cap);

  // Each surviving record keeps its best score over its own details and those of records merged
  // into it: a caller may still hold the old name, address or number.
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
  for (const candidate of candidates.patients.values()) {
    const survivor = await survivorOf(store, candidate);
    if (survivor === undefined || exclude.has(String(survivor.id))) continue;
    consider(survivor, candidate);
    consider(survivor, survivor);
  }
  const results = [...best.values()]
    .filter((r) => r.score.grade !== 'certainly-not')
    .sort(
      (a, b) =>
        gradeRank[a.score.grade] - gradeRank[b.score.grade] ||
        b.score.weight - a.score.weight ||
        String(a.patient.id).localeCompare(String(b.patient.id)),
    );
  return { results, blocked: queries.length > 0, capped: candidates.capped };
}
