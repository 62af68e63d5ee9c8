import { describe, expect, it } from 'vitest';
import { parseMeasurePeriod } from './measure-period.js';

describe('parseMeasurePeriod', () => {
  it('reads years, quarters and months as half-open UTC ranges', () => {
    expect(parseMeasurePeriod('2025')).toEqual({
      label: '2025',
      start: '2025-01-01T00:00:00.000Z',
      end: '2026-01-01T00:00:00.000Z',
    });
    expect(parseMeasurePeriod('2025-Q4')).toMatchObject({
      start: '2025-10-01T00:00:00.000Z',
      end: '2026-01-01T00:00:00.000Z',
    });
    expect(parseMeasurePeriod('2024-02')).toMatchObject({
      start: '2024-02-01T00:00:00.000Z',
      end: '2024-03-01T00:00:00.000Z',
    });
  });

  it.each(['', '25', '2025-Q5', '2025-13', '2025-1', 'last-year', '2025-01-01'])('refuses %j', (value) => {
    expect(() => parseMeasurePeriod(value)).toThrow(/period must be/);
  });
});
