import { describe, expect, it } from 'vitest';
import { compareBirthDates } from './compare-date.js';

describe('birth dates', () => {
  it('agrees exactly on the same date and not at all on unrelated ones', () => {
    expect(compareBirthDates('1966-06-03', '1966-06-03').level).toBe('exact');
    expect(compareBirthDates('1966-06-03', '1913-06-29').level).toBe('disagree');
    expect(compareBirthDates(undefined, '1966-06-03').level).toBe('missing');
  });

  it('counts one keying error as close', () => {
    expect(compareBirthDates('1966-06-03', '1966-06-08')).toEqual({
      level: 'close',
      reason: 'one digit differs',
    });
    expect(compareBirthDates('1931-09-24', '1931-99-24').reason).toBe('one digit differs');
    expect(compareBirthDates('1966-06-13', '1966-06-31')).toEqual({
      level: 'close',
      reason: 'two adjacent digits swapped',
    });
    expect(compareBirthDates('1966-06-03', '1966-03-06')).toEqual({
      level: 'close',
      reason: 'day and month transposed',
    });
  });

  it('counts a year off by one, or the same year and month, as partial', () => {
    expect(compareBirthDates('1969-06-03', '1970-06-03')).toEqual({
      level: 'partial',
      reason: 'year off by one',
    });
    expect(compareBirthDates('1966-06-03', '1966-06-27').reason).toBe('same year and month');
  });

  it('compares partial dates as far as they go', () => {
    expect(compareBirthDates('1966', '1966-06-03').level).toBe('partial');
    expect(compareBirthDates('1966-07', '1966-06-03').level).toBe('disagree');
  });
});
