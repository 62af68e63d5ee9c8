import { describe, expect, it } from 'vitest';
import type { BlockingPass } from './blocking.js';
import type { MatchField } from './comparison-vector.js';
import { MATCH_FIELDS } from './comparison-vector.js';
import { levelWeight, priorModel } from './fellegi-sunter.js';
import { countPatterns, fitFellegiSunter } from './fellegi-sunter-em.js';
import { trainModel } from './train-model.js';
import { seededRandom } from './random-pairs.js';

// Three four-level fields with known behaviour; the others are missing throughout.
const M = [0.85, 0.08, 0.04, 0.03];
const U = [0.01, 0.02, 0.05, 0.92];
const FIELDS: MatchField[] = ['givenName', 'familyName', 'birthDate'];
const index = (field: MatchField) => MATCH_FIELDS.indexOf(field);

function draw(probabilities: readonly number[], r: number): number {
  let sum = 0;
  for (let level = 0; level < probabilities.length; level++) {
    sum += probabilities[level] ?? 0;
    if (r < sum) return level;
  }
  return probabilities.length - 1;
}

/** A comparison vector drawn from m or u, with the given fields forced to agree (as blocking does). */
function vector(next: () => number, probabilities: number[], exact: MatchField[] = []): Int8Array {
  const v = new Int8Array(MATCH_FIELDS.length).fill(-1);
  for (const field of FIELDS) v[index(field)] = exact.includes(field) ? 0 : draw(probabilities, next());
  return v;
}

describe('training', () => {
  // Two blocking passes, each of which only pairs records agreeing exactly on its key field.
  const passes: BlockingPass[] = [
    { name: 'family', fields: ['familyName'], keys: () => [] },
    { name: 'birth date', fields: ['birthDate'], keys: () => [] },
  ];
  const next = seededRandom(5);
  const candidates: Int8Array[] = [];
  const masks: number[] = [];
  for (let p = 0; p < 2; p++) {
    const key = passes[p]?.fields[0] as MatchField;
    for (let i = 0; i < 3000; i++) {
      const match = i < 1000;
      candidates.push(vector(next, match ? M : U, [key]));
      masks.push(1 << p);
    }
  }
  const randomPairs = Array.from({ length: 20_000 }, () => vector(next, U));

  it('learns m without blocking’s bias and u from random pairs', () => {
    const { model, report } = trainModel({
      candidates,
      passMask: Uint32Array.from(masks),
      passes,
      random: randomPairs,
      start: priorModel(),
    });
    for (const field of FIELDS) {
      expect(model.fields[field].m.exact, `${field} m`).toBeCloseTo(0.85, 1);
      expect(model.fields[field].u.exact, `${field} u`).toBeCloseTo(0.01, 2);
      expect(levelWeight(model, field, 'exact'), field).toBeGreaterThan(5);
    }
    expect(report.passes.map((p) => p.name)).toEqual(['family', 'birth date']);
    for (const pass of report.passes) expect(pass.matchProportion).toBeCloseTo(1 / 3, 1);
    expect(report.randomPairs).toBe(20_000);
  });

  it('does better than EM with u free on the candidates, which unlearns the blocked fields', () => {
    const { model } = fitFellegiSunter(countPatterns(candidates), priorModel());
    // Half the candidate non-matches agree on family name by construction, so agreeing looks common:
    // the weight of an exact family name comes out below 1 bit (about −1 here), against 6.4 in truth.
    expect(levelWeight(model, 'familyName', 'exact')).toBeLessThan(1);
    expect(Math.log2(0.85 / 0.01)).toBeCloseTo(6.41, 2);
  });
});
