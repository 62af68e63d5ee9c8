import { describe, expect, it } from 'vitest';
import { niceTicks } from './nice-ticks.js';

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(51, 57, 5)).toEqual([50, 52, 54, 56, 58]);
    expect(niceTicks(78, 146, 5)).toEqual([60, 80, 100, 120, 140, 160]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
  });

  it('spreads a single value around itself', () => {
    const ticks = niceTicks(52, 52, 4);
    expect(ticks[0]).toBeLessThan(52);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(52);
  });
});
