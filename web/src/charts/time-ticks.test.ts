import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 7));

describe('timeTicks', () => {
  it('puts ticks on month starts, a regular number of months apart, within the range', () => {
    expect(iso(timeTicks(new Date('2022-08-27'), new Date('2025-04-26'), 6))).toEqual([
      '2023-01',
      '2023-07',
      '2024-01',
      '2024-07',
      '2025-01',
    ]);
    expect(iso(timeTicks(new Date('2024-01-10'), new Date('2024-04-20'), 10))).toEqual([
      '2024-02',
      '2024-03',
      '2024-04',
    ]);
  });

  it('never gives more ticks than asked for', () => {
    expect(timeTicks(new Date('2000-01-01'), new Date('2025-01-01'), 3).length).toBeLessThanOrEqual(3);
  });
});
