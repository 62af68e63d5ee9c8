import type { BlockingPass } from './blocking.js';
import type { MatchField } from './comparison-vector.js';
import { FIELD_LEVELS, MATCH_FIELDS } from './comparison-vector.js';
import type { FellegiSunterModel } from './fellegi-sunter.js';
import type { EmOptions } from './fellegi-sunter-em.js';
import { countPatterns, fitFellegiSunter, fitMatchProportion, withPopulationU } from './fellegi-sunter-em.js';

export interface PassTraining {
  name: string;
  pairs: number;
  /** Estimated share of matches among this pass's pairs. */
  matchProportion: number;
  iterations: number;
  converged: boolean;
}

export interface TrainingReport {
  candidatePairs: number;
  randomPairs: number;
  passes: PassTraining[];
}

export interface TrainingInput {
  /** Encoded comparison vectors of the candidate pairs, and which passes produced each. */
  candidates: readonly Int8Array[];
  passMask: Uint32Array;
  passes: readonly BlockingPass[];
  /** Encoded comparison vectors of pairs drawn at random. */
  random: readonly Int8Array[];
  start: FellegiSunterModel;
  em?: EmOptions;
}

/**
 * Unsupervised training in three steps, none of which sees a label:
 * 1. u from random pairs, which are almost all non-matches: the population's chance agreement.
 * 2. m by EM on each blocking pass's pairs with u held fixed and the pass's own key fields left out —
 *    they agree by construction there and would teach EM that agreement is normal. Each field's m is
 *    the average over the passes that did not block on it, weighted by their estimated matches.
 *    (EM with u free on all candidates instead learns blocking's bias: agreement on a blocked field
 *    then weighs next to nothing, even negative.)
 * 3. The match proportion among all candidates with m and u fixed, which calibrates probabilities.
 */
export function trainModel(input: TrainingInput): { model: FellegiSunterModel; report: TrainingReport } {
  const population = withPopulationU(input.start, countPatterns(input.random));
  const sums = MATCH_FIELDS.map((field) => FIELD_LEVELS[field].map(() => 0));
  const weights = MATCH_FIELDS.map(() => 0);
  const passes: PassTraining[] = [];
  input.passes.forEach((pass, p) => {
    const masked = MATCH_FIELDS.map((field) => pass.fields.includes(field));
    const vectors: Int8Array[] = [];
    const present = MATCH_FIELDS.map(() => 0);
    input.candidates.forEach((vector, i) => {
      if ((((input.passMask[i] ?? 0) >>> p) & 1) === 0) return;
      vectors.push(vector.map((level, k) => (masked[k] ? -1 : level)));
      vector.forEach((level, k) => (present[k] = (present[k] ?? 0) + (level >= 0 ? 1 : 0)));
    });
    if (vectors.length === 0) return;
    const em = fitFellegiSunter(countPatterns(vectors), population, { ...input.em, fixU: true });
    passes.push({
      name: pass.name,
      pairs: vectors.length,
      matchProportion: em.model.matchProportion,
      iterations: em.iterations,
      converged: em.converged,
    });
    MATCH_FIELDS.forEach((field, k) => {
      // Weighted by the estimated matches that carry this field, so a pass where it is always missing
      // (and EM learnt nothing about it) does not dilute the others.
      const matches = em.model.matchProportion * (present[k] ?? 0);
      if (masked[k] || matches === 0) return;
      weights[k] = (weights[k] ?? 0) + matches;
      FIELD_LEVELS[field].forEach((level, l) => {
        const row = sums[k];
        if (row !== undefined) row[l] = (row[l] ?? 0) + matches * (em.model.fields[field].m[level] ?? 0);
      });
    });
  });
  const model = structuredClone(population);
  MATCH_FIELDS.forEach((field: MatchField, k) => {
    const weight = weights[k] ?? 0;
    // A field every pass blocked on keeps its starting m.
    if (weight <= 0) return;
    FIELD_LEVELS[field].forEach((level, l) => (model.fields[field].m[level] = (sums[k]?.[l] ?? 0) / weight));
  });
  model.matchProportion = fitMatchProportion(countPatterns(input.candidates), model, input.em);
  return {
    model,
    report: { candidatePairs: input.candidates.length, randomPairs: input.random.length, passes },
  };
}
