import type { FhirResource } from '../fhir/index.js';
import { createValidator, loadR4Definitions } from '../fhir/validation/index.js';
import type { Validator } from '../fhir/validation/index.js';
import type { Linker } from '../identity/index.js';
import { createLinker, personRecordFromPatient } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import { blockingQueries, findCandidates } from './patient-match-blocking.js';
import type { MatchNote, MatchResult } from './patient-match-bundle.js';
import { matchEntry, outcomeEntry } from './patient-match-bundle.js';
import { readMatchInput } from './patient-match-input.js';
import { applyMatchPolicy } from './patient-match-policy.js';
import { survivorOf } from './patient-match-survivor.js';

export interface PatientMatchDeps {
  /**
   * The scorer. By default `createLinker()` without a model: `score` then uses the identity module's
   * prior m/u probabilities (typical agreement rates among matches and non-matches in demographic data)
   * and thresholds at match probabilities 0.999 (certain) and 0.01 (possible). EM training needs a
   * population of records, which a single query does not have; a model fitted offline over the store
   * can be passed here instead.
   */
  linker?: Linker;
  /** Structural validation of the query Patient; by default the R4 validator, built on first use. */
  validator?: Pick<Validator, 'validate'>;
  /** Most candidate records scored per query (default 500). */
  maxCandidates?: number;
}

const DEFAULT_MAX_CANDIDATES = 500;

const gradeRank = { certain: 0, probable: 1, possible: 2, 'certainly-not': 3 } as const;

/**
 * `Patient/$match`: the master patient index lookup. Blocks with a few indexed Patient searches (never
 * a scan), folds merged records into their survivors, scores each candidate against the query with the
 * Fellegi–Sunter linker (and the stricter bar for `certain` of applyMatchPolicy) and answers a
 * searchset Bundle, best first, with the FHIR match grade and an explanation of which fields agreed on
 * each entry.
 */
export function createPatientMatch(deps: PatientMatchDeps = {}): OperationDefinition {
  const linker = deps.linker ?? createLinker();
  const cap = deps.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  // Loading the R4 definitions costs a few hundred milliseconds: only when $match is first called.
  let validator = deps.validator;
  const validate = (resource: unknown) => {
    validator ??= createValidator(loadR4Definitions());
    return validator.validate(resource);
  };

  return {
    name: 'match',
    levels: ['type'],
    resourceTypes: ['Patient'],
    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-match',
    affectsState: false,
    async run(ctx, call) {
      const input = readMatchInput(call, { validate });
      const query = personRecordFromPatient({ ...input.patient, id: '' });
      const notes: MatchNote[] = [];

      const queries = blockingQueries(input.patient);
      if (queries.length === 0)
        notes.push({
          severity: 'information',
          code: 'informational',
          diagnostics:
            'Nothing to search on: give an identifier, a telecom, or a name or postcode with a birth date.',
        });
      const candidates = await findCandidates(ctx.store, ctx.lookup, ctx.base, queries, cap);
      if (candidates.capped)
        notes.push({
          severity: 'warning',
          code: 'incomplete',
          diagnostics: `More than ${cap} records share these details; only the first ${cap} were scored, so a match may be missing. Add an identifier or more details.`,
        });

      // Each surviving record keeps its best score over its own details and those of records merged
      // into it: a caller may still hold the old name, address or number.
      const best = new Map<string, MatchResult>();
      const scored = new Set<string>();
      const consider = (survivor: FhirResource, record: FhirResource) => {
        const recordId = String(record.id);
        if (scored.has(recordId)) return;
        scored.add(recordId);
        const id = String(survivor.id);
        const score = applyMatchPolicy(linker.score(query, personRecordFromPatient(record)));
        const previous = best.get(id);
        if (previous === undefined || score.weight > previous.score.weight)
          best.set(id, { patient: survivor, score, via: recordId === id ? undefined : recordId });
      };
      for (const candidate of candidates.patients.values()) {
        const survivor = await survivorOf(ctx.store, candidate);
        if (survivor === undefined) continue;
        consider(survivor, candidate);
        consider(survivor, survivor);
      }

      let results = [...best.values()]
        .filter((r) => r.score.grade !== 'certainly-not')
        .sort(
          (a, b) =>
            gradeRank[a.score.grade] - gradeRank[b.score.grade] ||
            b.score.weight - a.score.weight ||
            String(a.patient.id).localeCompare(String(b.patient.id)),
        );
      if (input.onlyCertainMatches) {
        results = results.filter((r) => r.score.grade === 'certain');
        if (results.length > 1)
          notes.push({
            severity: 'warning',
            code: 'multiple-matches',
            diagnostics: `${results.length} records match with certainty: they are probably duplicates of one person and need review.`,
          });
      }
      if (input.count !== undefined) results = results.slice(0, input.count);

      const bundle: FhirResource = {
        resourceType: 'Bundle',
        type: 'searchset',
        total: results.length,
        link: [{ relation: 'self', url: `${ctx.base}/Patient/$match` }],
        entry: [
          ...results.map((r) => matchEntry(ctx.base, r)),
          ...(notes.length > 0 ? [outcomeEntry(notes)] : []),
        ],
      };
      return { status: 200, body: JSON.stringify(bundle) };
    },
  };
}
