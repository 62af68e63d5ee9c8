import type { MatchField } from './comparison-vector.js';
import { FIELD_LEVELS, MATCH_FIELDS } from './comparison-vector.js';
import type { FellegiSunterModel, FieldProbabilities } from './fellegi-sunter.js';

/** Distinct encoded comparison vectors and how many pairs showed each: EM's input, a few hundred rows. */
export interface PatternCounts {
  patterns: Int8Array[];
  counts: number[];
  total: number;
}

export function countPatterns(encoded: Iterable<Int8Array>): PatternCounts {
  const index = new Map<string, number>();
  const patterns: Int8Array[] = [];
  const counts: number[] = [];
  let total = 0;
  for (const vector of encoded) {
    const key = vector.join(',');
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, patterns.length);
      patterns.push(vector);
      counts.push(1);
    } else counts[at] = (counts[at] ?? 0) + 1;
    total++;
  }
  return { patterns, counts, total };
}

/**
 * Pseudo-count added to every level: keeps a level never seen among (estimated) matches or non-matches
 * from getting probability 0 and an infinite weight.
 */
const SMOOTHING = 0.5;

type Table = number[][];

function tables(model: FellegiSunterModel, which: 'm' | 'u'): Table {
  return MATCH_FIELDS.map((field) =>
    FIELD_LEVELS[field].map((level) => model.fields[field][which][level] ?? 0),
  );
}

function toModel(m: Table, u: Table, matchProportion: number): FellegiSunterModel {
  const fields = {} as Record<MatchField, FieldProbabilities>;
  MATCH_FIELDS.forEach((field, k) => {
    const probs: FieldProbabilities = { m: {}, u: {} };
    FIELD_LEVELS[field].forEach((level, l) => {
      probs.m[level] = m[k]?.[l] ?? 0;
      probs.u[level] = u[k]?.[l] ?? 0;
    });
    fields[field] = probs;
  });
  return { fields, matchProportion };
}

/** Weighted level frequencies per field over non-missing values, smoothed. */
function frequencies(data: PatternCounts, weightOf: (i: number) => number): Table {
  const sums = MATCH_FIELDS.map((field) => FIELD_LEVELS[field].map(() => SMOOTHING));
  data.patterns.forEach((pattern, i) => {
    const w = weightOf(i);
    pattern.forEach((level, k) => {
      const row = sums[k];
      if (level >= 0 && row !== undefined) row[level] = (row[level] ?? 0) + w;
    });
  });
  return sums.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((x) => x / total);
  });
}

/**
 * The model with u replaced by level frequencies among pairs drawn at random: almost every random pair is
 * a non-match, so these are P(level | non-match) across the population — unlike frequencies among
 * candidate pairs, which blocking has biased towards agreement on the blocked fields.
 */
export function withPopulationU(model: FellegiSunterModel, randomPairs: PatternCounts): FellegiSunterModel {
  const observed = frequencies(randomPairs, (i) => randomPairs.counts[i] ?? 0);
  const seen = MATCH_FIELDS.map((_, k) => randomPairs.patterns.some((pattern) => (pattern[k] ?? -1) >= 0));
  // A field no record carries (no NHS numbers in the data, say) keeps the u it had.
  const u = tables(model, 'u').map((row, k) => (seen[k] ? (observed[k] ?? row) : row));
  return toModel(tables(model, 'm'), u, model.matchProportion);
}

/**
 * The match proportion alone, by EM with m and u held fixed. One parameter, so it cannot wander off into
 * another explanation of the data; used to calibrate match probabilities on the final candidate set.
 */
export function fitMatchProportion(
  data: PatternCounts,
  model: FellegiSunterModel,
  options: EmOptions = {},
): number {
  const m = tables(model, 'm');
  const u = tables(model, 'u');
  const ratios = data.patterns.map((pattern) => {
    let logRatio = 0;
    pattern.forEach((level, k) => {
      if (level >= 0) logRatio += Math.log(m[k]?.[level] ?? 1) - Math.log(u[k]?.[level] ?? 1);
    });
    return Math.exp(logRatio);
  });
  let p = model.matchProportion;
  for (let iteration = 0; iteration < (options.maxIterations ?? 200); iteration++) {
    let matches = 0;
    ratios.forEach((ratio, i) => {
      const odds = (p / (1 - p)) * ratio;
      matches += (data.counts[i] ?? 0) * (Number.isFinite(odds) ? odds / (1 + odds) : 1);
    });
    const next = clampProportion(matches / Math.max(1, data.total));
    const change = Math.abs(next - p);
    p = next;
    if (change < (options.tolerance ?? 1e-6)) break;
  }
  return p;
}

const clampProportion = (p: number) => Math.min(1 - 1e-9, Math.max(1e-9, p));

export interface EmOptions {
  maxIterations?: number;
  /** Stop when no probability moves by more than this between iterations. */
  tolerance?: number;
  /** Hold u as given (estimated from random pairs) and fit only m and the match proportion. */
  fixU?: boolean;
}

export interface EmResult {
  model: FellegiSunterModel;
  iterations: number;
  converged: boolean;
}

/**
 * Expectation–maximisation for the two-class Fellegi–Sunter mixture (Winkler 1988): no labels, only the
 * comparison vectors. E-step: each pattern's probability of being a match under the current m, u and
 * match proportion; M-step: m and u re-estimated as level frequencies weighted by those probabilities.
 * Missing values are skipped in both steps, i.e. treated as missing at random.
 */
export function fitFellegiSunter(
  data: PatternCounts,
  start: FellegiSunterModel,
  options: EmOptions = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  let m = tables(start, 'm');
  let u = tables(start, 'u');
  let p = start.matchProportion;
  const posterior = new Float64Array(data.patterns.length);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    data.patterns.forEach((pattern, i) => {
      let logM = Math.log(p);
      let logU = Math.log(1 - p);
      pattern.forEach((level, k) => {
        if (level < 0) return;
        logM += Math.log(m[k]?.[level] ?? 1);
        logU += Math.log(u[k]?.[level] ?? 1);
      });
      posterior[i] = 1 / (1 + Math.exp(logU - logM));
    });
    const count = (i: number) => data.counts[i] ?? 0;
    const nextM = frequencies(data, (i) => count(i) * (posterior[i] ?? 0));
    const nextU = options.fixU ? u : frequencies(data, (i) => count(i) * (1 - (posterior[i] ?? 0)));
    let matches = 0;
    posterior.forEach((g, i) => (matches += g * count(i)));
    const nextP = clampProportion(matches / Math.max(1, data.total));
    const change = Math.max(Math.abs(nextP - p), maxDifference(m, nextM), maxDifference(u, nextU));
    [m, u, p] = [nextM, nextU, nextP];
    if (change < tolerance) return { model: toModel(m, u, p), iterations: iteration, converged: true };
  }
  return { model: toModel(m, u, p), iterations: maxIterations, converged: false };
}

function maxDifference(a: Table, b: Table): number {
  let max = 0;
  a.forEach((row, k) => row.forEach((x, l) => (max = Math.max(max, Math.abs(x - (b[k]?.[l] ?? 0))))));
  return max;
}
