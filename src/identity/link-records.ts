import type { Agreement } from './agreement.js';
import type { BlockingOptions, BlockingStats } from './blocking.js';
import { DEFAULT_BLOCKING_PASSES, candidatePairs } from './blocking.js';
import { connectedComponents } from './clusters.js';
import type { ComparisonVector, MatchField } from './comparison-vector.js';
import { FIELD_LEVELS, MATCH_FIELDS, compareRecords, encodeVector } from './comparison-vector.js';
import type { FellegiSunterModel } from './fellegi-sunter.js';
import { levelWeight, matchProbability, priorModel, weightForProbability } from './fellegi-sunter.js';
import type { EmOptions } from './fellegi-sunter-em.js';
import type { PersonRecord } from './person-record.js';
import { randomPairs } from './random-pairs.js';
import { reasonForReview } from './safeguards.js';
import type { TrainingReport } from './train-model.js';
import { trainModel } from './train-model.js';

/** FHIR's match-grade codes (the `match-grade` extension on a `Patient/$match` result). */
export type MatchGrade = 'certain' | 'probable' | 'possible' | 'certainly-not';

/**
 * The two Fellegi–Sunter thresholds, in weight units (log2 likelihood ratio). At or above `certain` a
 * pair is linked without review; below `possible` it is certainly not a match; in between is the grey
 * zone for a person, split into probable and possible where the model's match probability passes ½.
 */
export interface Thresholds {
  certain: number;
  possible: number;
}

export interface LinkerConfig {
  /** A fitted model to start from; without one the linker uses priors and trains on what it links. */
  model?: FellegiSunterModel;
  /** Fixed thresholds; by default they are derived from the model (see DEFAULT_CERTAINTY). */
  thresholds?: Thresholds;
  blocking?: BlockingOptions;
  /** Hold pairs with contradicting identity fields for review (see reasonForReview). Default true. */
  safeguards?: boolean;
  training?: {
    /** Pairs drawn at random to learn chance agreement, u (default 20,000). */
    randomPairs?: number;
    /** Seed of that draw, so that training is repeatable (default 1). */
    seed?: number;
    em?: EmOptions;
  };
}

/**
 * Match probabilities that place the default thresholds. The fields are not truly independent, so the
 * model's probabilities are over-confident; the bar for linking without review is set high.
 */
export const DEFAULT_CERTAINTY = { certain: 0.999, possible: 0.01 };

export interface FieldScore extends Agreement {
  /** This field's contribution to the total weight (0 when missing). */
  weight: number;
}

export interface MatchScore {
  /** Sum of the field weights: log2 of the likelihood ratio match / non-match. */
  weight: number;
  /** P(match) among candidate pairs like those the model was fitted on. */
  probability: number;
  grade: MatchGrade;
  fields: Record<MatchField, FieldScore>;
  /** Set when the weight reached `certain` but a safeguard held the pair for review, saying why. */
  heldForReview?: string;
}

export interface ScoredPair {
  /** Record ids; in a linkage, `a` is from the left set and `b` from the right. */
  a: string;
  b: string;
  score: MatchScore;
}

export interface LinkResult {
  /** Every candidate pair graded above certainly-not, best first. */
  pairs: ScoredPair[];
  /** Records joined by `certain` pairs (transitively), as lists of record ids; singletons included. */
  clusters: string[][];
  model: FellegiSunterModel;
  thresholds: Thresholds;
  blocking: BlockingStats;
  training?: TrainingReport;
  /** Wall-clock milliseconds per phase. */
  timings: { blocking: number; comparing: number; training: number; grading: number };
}

export interface LinkOptions {
  /** Fit the model to these records first (default: when the linker was not given a model). */
  train?: boolean;
}

export interface Linker {
  readonly model: FellegiSunterModel;
  readonly thresholds: Thresholds;
  /** Compares two records and explains the result field by field. */
  score(a: PersonRecord, b: PersonRecord): MatchScore;
  /** Finds the records that belong to the same person within one set (deduplication). */
  link(records: readonly PersonRecord[], options?: LinkOptions): LinkResult;
  /**
   * Finds the pairs that belong to the same person across two sets (linkage); no one-to-one assumption.
   * Record ids must be unique across both sets, since clusters mix them.
   */
  linkBetween(
    left: readonly PersonRecord[],
    right: readonly PersonRecord[],
    options?: LinkOptions,
  ): LinkResult;
}

/** Milliseconds since the previous call (or since creation). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return elapsed;
  };
}

function thresholdsFor(model: FellegiSunterModel, fixed: Thresholds | undefined): Thresholds {
  return (
    fixed ?? {
      certain: weightForProbability(model, DEFAULT_CERTAINTY.certain),
      possible: weightForProbability(model, DEFAULT_CERTAINTY.possible),
    }
  );
}

function at(list: readonly PersonRecord[], i: number): PersonRecord {
  const r = list[i];
  if (r === undefined) throw new Error(`record index ${i} out of range`);
  return r;
}

export function createLinker(config: LinkerConfig = {}): Linker {
  const model = config.model ?? priorModel();
  const thresholds = thresholdsFor(model, config.thresholds);
  const passes = config.blocking?.passes ?? DEFAULT_BLOCKING_PASSES;

  const grade = (m: FellegiSunterModel, t: Thresholds, vector: ComparisonVector): MatchScore => {
    const fields = {} as Record<MatchField, FieldScore>;
    let weight = 0;
    for (const field of MATCH_FIELDS) {
      const w = levelWeight(m, field, vector[field].level);
      fields[field] = { ...vector[field], weight: w };
      weight += w;
    }
    const probability = matchProbability(m, weight);
    if (weight >= t.certain) {
      const review = config.safeguards === false ? undefined : reasonForReview(vector);
      if (review === undefined) return { weight, probability, grade: 'certain', fields };
      return { weight, probability, grade: 'probable', fields, heldForReview: review };
    }
    if (weight < t.possible) return { weight, probability, grade: 'certainly-not', fields };
    return { weight, probability, grade: probability >= 0.5 ? 'probable' : 'possible', fields };
  };

  const run = (
    left: readonly PersonRecord[],
    right: readonly PersonRecord[] | undefined,
    options: LinkOptions,
  ): LinkResult => {
    const other = right ?? left;
    const clock = stopwatch();
    const candidates = candidatePairs(left, right, config.blocking);
    const blockingMs = clock();
    const { first, second } = candidates;
    const encoded = Array.from(first, (i, p) =>
      encodeVector(compareRecords(at(left, i), at(other, second[p] ?? 0))),
    );
    const comparingMs = clock();

    let fitted = model;
    let training: TrainingReport | undefined;
    if (options.train ?? config.model === undefined) {
      const sample = randomPairs(
        left.length,
        right?.length,
        config.training?.randomPairs ?? 20_000,
        config.training?.seed ?? 1,
      );
      const trained = trainModel({
        candidates: encoded,
        passMask: candidates.passMask,
        passes,
        random: sample.map(([i, j]) => encodeVector(compareRecords(at(left, i), at(other, j)))),
        start: model,
        em: config.training?.em,
      });
      fitted = trained.model;
      training = trained.report;
    }
    const trainingMs = clock();

    // Weights from a level table first; only pairs above the possible threshold are compared again in
    // full, to carry their explanation.
    const t = thresholdsFor(fitted, config.thresholds);
    const table = MATCH_FIELDS.map((field) =>
      FIELD_LEVELS[field].map((level) => levelWeight(fitted, field, level)),
    );
    const pairs: ScoredPair[] = [];
    const links: [number, number][] = [];
    const offset = right === undefined ? 0 : left.length;
    encoded.forEach((vector, p) => {
      let weight = 0;
      vector.forEach((level, k) => (weight += level >= 0 ? (table[k]?.[level] ?? 0) : 0));
      if (weight < t.possible) return;
      const i = first[p] ?? 0;
      const j = second[p] ?? 0;
      const a = at(left, i);
      const b = at(other, j);
      const score = grade(fitted, t, compareRecords(a, b));
      pairs.push({ a: a.id, b: b.id, score });
      if (score.grade === 'certain') links.push([i, j + offset]);
    });
    pairs.sort((x, y) => y.score.weight - x.score.weight);
    const ids = [...left, ...(right ?? [])].map((r) => r.id);
    const clusters = connectedComponents(ids.length, links).map((c) => c.map((i) => ids[i] ?? ''));
    const gradingMs = clock();
    return {
      pairs,
      clusters,
      model: fitted,
      thresholds: t,
      blocking: candidates.stats,
      training,
      timings: { blocking: blockingMs, comparing: comparingMs, training: trainingMs, grading: gradingMs },
    };
  };

  return {
    model,
    thresholds,
    score: (a, b) => grade(model, thresholds, compareRecords(a, b)),
    link: (records, options = {}) => run(records, undefined, options),
    linkBetween: (left, right, options = {}) => run(left, right, options),
  };
}
