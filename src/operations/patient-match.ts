import type { FhirResource } from '../fhir/index.js';
import { createValidator, loadR4Definitions } from '../fhir/validation/index.js';
import type { Validator } from '../fhir/validation/index.js';
import type { Linker } from '../identity/index.js';
import { storedLinkerSource } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import type { ResourceStore } from '../store/index.js';
import type { MatchNote } from './patient-match-bundle.js';
import { matchEntry, outcomeEntry } from './patient-match-bundle.js';
import { readMatchInput } from './patient-match-input.js';
import { scoreCandidates } from './patient-match-candidates.js';

export interface PatientMatchDeps {
  /**
   * The scorer. By default the newest model trained over the store (`heartwood admin train-linkage`),
   * or when none was trained `createLinker()` without a model: `score` then uses the identity module's
   * prior m/u probabilities (typical agreement rates among matches and non-matches in demographic data)
   * and thresholds at match probabilities 0.999 (certain) and 0.01 (possible). EM training needs a
   * population of records, which a single query does not have.
   */
  linker?: Linker;
  /** Structural validation of the query Patient; by default the R4 validator, built on first use. */
  validator?: Pick<Validator, 'validate'>;
  /** Most candidate records scored per query (default 500). */
  maxCandidates?: number;
}

const DEFAULT_MAX_CANDIDATES = 500;

/**
 * `Patient/$match`: the master patient index lookup. Blocks with a few indexed passes run as one
 * statement (never a scan), folds merged records into their survivors, scores each candidate against
 * the query with the Fellegi–Sunter linker (and the stricter bar for `certain` of applyMatchPolicy)
 * and answers a searchset Bundle, best first, with the FHIR match grade and an explanation of which
 * fields agreed on each entry.
 */
export function createPatientMatch(deps: PatientMatchDeps = {}): OperationDefinition {
  // A fixed linker (tests, benchmarks) or the newest model trained over the store, priors otherwise.
  const stored = storedLinkerSource();
  const linkerFor = (store: ResourceStore): Promise<Linker> =>
    deps.linker ? Promise.resolve(deps.linker) : store.withExecutor((exec) => stored.linker(exec));
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
      const notes: MatchNote[] = [];
      const linker = await linkerFor(ctx.store);
      const scored = await scoreCandidates(ctx.store, ctx.lookup, ctx.base, input.patient, linker, cap);
      if (!scored.blocked)
        notes.push({
          severity: 'information',
          code: 'informational',
          diagnostics:
            'Nothing to search on: give an identifier, a telecom, or a name or postcode with a birth date.',
        });
      if (scored.capped)
        notes.push({
          severity: 'warning',
          code: 'incomplete',
          diagnostics: `More than ${cap} records share these details; only the first ${cap} were scored, so a match may be missing. Add an identifier or more details.`,
        });
      let results = scored.results;
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
