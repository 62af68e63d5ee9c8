import { describe, expect, it } from 'vitest';
import type { BlockingPass } from './blocking.js';
import { candidatePairs } from './blocking.js';
import { createPersonRecord } from './person-record.js';

const person = (id: string, given: string, family: string, birthDate: string, postcode: string) =>
  createPersonRecord({ id, given, family, birthDate, postcode });

describe('blocking', () => {
  const records = [
    person('a', 'Jane', 'Smith', '1970-01-02', 'LS1 4AP'),
    person('b', 'Jane', 'Smyth', '1970-01-02', 'LS1 4BT'),
    person('c', 'Smith', 'Jane', '1970-02-01', 'M1 1AE'),
    person('d', 'Omar', 'Khan', '1988-05-05', 'B33 8TH'),
  ];

  it('unions its passes, each pair once', () => {
    const { first, second, stats } = candidatePairs(records, undefined);
    const pairs = Array.from(first, (i, p) => `${records[i]?.id}${records[second[p] ?? 0]?.id}`);
    expect(pairs.sort()).toEqual(['ab', 'ac']);
    expect(stats.candidatePairs).toBe(2);
    expect(stats.possiblePairs).toBe(6);
    expect(stats.reductionRatio).toBeCloseTo(1 - 2 / 6, 10);
    expect(stats.passes.reduce((n, p) => n + p.newPairs, 0)).toBe(2);
  });

  it('records which passes produced each pair', () => {
    const passes: BlockingPass[] = [
      { name: 'birth year', fields: ['birthDate'], keys: (r) => [r.birthDate?.slice(0, 4) ?? ''] },
      { name: 'postcode area', fields: ['postcode'], keys: (r) => [r.postcode?.slice(0, 2) ?? ''] },
    ];
    const { passMask, stats } = candidatePairs(records, undefined, { passes });
    // a–b share year and area; a–c and b–c only the year.
    expect(Array.from(passMask).sort()).toEqual([1, 1, 3]);
    expect(stats.passes.map((p) => [p.pairs, p.newPairs])).toEqual([
      [3, 3],
      [1, 0],
    ]);
  });

  it('makes only left–right pairs in a linkage, indexing each side separately', () => {
    const left = records.slice(0, 2);
    const right = records.slice(2);
    const { first, second, stats } = candidatePairs(left, right);
    expect(Array.from(first)).toEqual([0]);
    expect(Array.from(second)).toEqual([0]);
    expect(stats.possiblePairs).toBe(4);
  });

  it('skips oversized blocks and counts them', () => {
    const pass: BlockingPass = { name: 'everyone', fields: [], keys: () => ['same'] };
    const { stats } = candidatePairs(records, undefined, { passes: [pass], maxBlockSize: 3 });
    expect(stats.candidatePairs).toBe(0);
    expect(stats.passes[0]).toEqual({
      name: 'everyone',
      blocks: 0,
      oversizedBlocks: 1,
      pairs: 0,
      newPairs: 0,
    });
  });
});
