import { describe, expect, it } from 'vitest';
import { FIELD_LEVELS, MATCH_FIELDS } from './comparison-vector.js';
import type { MatchField } from './comparison-vector.js';
import {
  levelWeight,
  matchProbability,
  priorModel,
  vectorWeight,
  weightForProbability,
} from './fellegi-sunter.js';
import type { PatternCounts } from './fellegi-sunter-em.js';
import { countPatterns, fitFellegiSunter } from './fellegi-sunter-em.js';
import { agreement, MISSING } from './agreement.js';
import { seededRandom } from './random-pairs.js';

function draw(probabilities: readonly number[], r: number): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    sum += probabilities[i] ?? 0;
    if (r < sum) return i;
  }
  return probabilities.length - 1;
}

// True parameters for four fields; the rest are always missing.
const TRUTH: Partial<Record<MatchField, { m: number[]; u: number[] }>> = {
  givenName: { m: [0.8, 0.1, 0.05, 0.05], u: [0.02, 0.02, 0.06, 0.9] },
  familyName: { m: [0.85, 0.08, 0.03, 0.04], u: [0.01, 0.02, 0.05, 0.92] },
  birthDate: { m: [0.9, 0.06, 0.01, 0.03], u: [0.002, 0.02, 0.03, 0.948] },
  postcode: { m: [0.7, 0.1, 0.1, 0.1], u: [0.01, 0.04, 0.1, 0.85] },
};

function synthetic(
  pairs: number,
  matchShare: number,
  seed: number,
): { data: PatternCounts; isMatch: boolean[] } {
  const next = seededRandom(seed);
  const vectors: Int8Array[] = [];
  const isMatch: boolean[] = [];
  for (let p = 0; p < pairs; p++) {
    const match = next() < matchShare;
    const vector = new Int8Array(MATCH_FIELDS.length).fill(-1);
    MATCH_FIELDS.forEach((field, k) => {
      const truth = TRUTH[field];
      // One value in ten is missing, as in real records.
      if (truth !== undefined && next() >= 0.1) vector[k] = draw(match ? truth.m : truth.u, next());
    });
    vectors.push(vector);
    isMatch.push(match);
  }
  return { data: countPatterns(vectors), isMatch };
}

describe('Fellegi–Sunter weights', () => {
  it('adds log2(m/u) per field and ignores missing fields', () => {
    const model = priorModel();
    const vector = Object.fromEntries(MATCH_FIELDS.map((f) => [f, MISSING])) as Parameters<
      typeof vectorWeight
    >[1];
    vector.givenName = agreement('exact', 'equal');
    vector.birthDate = agreement('disagree', 'different');
    const expected = Math.log2(0.85 / 0.01) + Math.log2(0.03 / 0.9879);
    expect(vectorWeight(model, vector)).toBeCloseTo(expected, 10);
    expect(levelWeight(model, 'givenName', 'missing')).toBe(0);
  });

  it('turns weights into match probabilities and back', () => {
    const model = { ...priorModel(), matchProportion: 0.2 };
    expect(matchProbability(model, 2)).toBeCloseTo(0.5, 10);
    expect(weightForProbability(model, 0.5)).toBeCloseTo(2, 10);
    expect(matchProbability(model, weightForProbability(model, 0.999))).toBeCloseTo(0.999, 10);
    expect(matchProbability(model, 5000)).toBe(1);
  });
});

describe('EM estimation', () => {
  it('recovers m, u and the match proportion from unlabelled comparison vectors', () => {
    const { data } = synthetic(40_000, 0.3, 7);
    expect(data.patterns.length).toBeLessThan(1000);
    const { model, converged } = fitFellegiSunter(data, priorModel());
    expect(converged).toBe(true);
    expect(model.matchProportion).toBeCloseTo(0.3, 1);
    for (const [field, truth] of Object.entries(TRUTH) as [MatchField, { m: number[]; u: number[] }][]) {
      FIELD_LEVELS[field].forEach((level, l) => {
        expect(
          Math.abs((model.fields[field].m[level] ?? 0) - (truth.m[l] ?? 0)),
          `${field} m ${level}`,
        ).toBeLessThan(0.02);
        expect(
          Math.abs((model.fields[field].u[level] ?? 0) - (truth.u[l] ?? 0)),
          `${field} u ${level}`,
        ).toBeLessThan(0.02);
      });
    }
  });

  it('separates matches from non-matches even when matches are rare', () => {
    const { data } = synthetic(40_000, 0.02, 11);
    const { model } = fitFellegiSunter(data, priorModel());
    expect(model.matchProportion).toBeGreaterThan(0.015);
    expect(model.matchProportion).toBeLessThan(0.025);
    expect(levelWeight(model, 'birthDate', 'exact')).toBeGreaterThan(7);
    expect(levelWeight(model, 'birthDate', 'disagree')).toBeLessThan(-3);
  });

  it('is deterministic', () => {
    const { data } = synthetic(5_000, 0.2, 3);
    expect(fitFellegiSunter(data, priorModel())).toEqual(fitFellegiSunter(data, priorModel()));
  });
});
