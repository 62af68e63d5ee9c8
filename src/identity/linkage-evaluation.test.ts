import { describe, expect, it } from 'vitest';
import { pairQuality, truePairs } from './linkage-evaluation.js';

const entityOf = (id: string) => id.split('-')[0] ?? id;

describe('linkage evaluation', () => {
  it('derives true pairs for deduplication and for linkage', () => {
    expect([...truePairs(entityOf, ['1-a', '1-b', '1-c', '2-a'])]).toHaveLength(3);
    expect([...truePairs(entityOf, ['1-a', '2-a'], ['1-b', '2-b', '3-b'])]).toHaveLength(2);
  });

  it('scores predicted pairs in either order, counting each once', () => {
    const truth = truePairs(entityOf, ['1-a', '1-b', '2-a', '2-b']);
    const quality = pairQuality(
      [
        ['1-a', '1-b'],
        ['1-b', '1-a'],
        ['1-a', '2-a'],
      ],
      truth,
    );
    expect(quality).toEqual({
      truePairs: 2,
      predictedPairs: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });
});
