import { describe, expect, it } from 'vitest';
import { formatFhirDate, formatFhirTime, formatMonthYear, parseFhirDate } from './fhir-date.js';
import type { DateWords } from './fhir-date.js';

const en: DateWords = {
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  dayMonthYear: '{day} {month} {year}',
  monthYear: '{month} {year}',
};
const cy: DateWords = {
  ...en,
  months: [
    'Ionawr',
    'Chwefror',
    'Mawrth',
    'Ebrill',
    'Mai',
    'Mehefin',
    'Gorffennaf',
    'Awst',
    'Medi',
    'Hydref',
    'Tachwedd',
    'Rhagfyr',
  ],
};

describe('FHIR dates', () => {
  it('keeps the precision they were recorded at', () => {
    expect(formatFhirDate('2019', en)).toBe('2019');
    expect(formatFhirDate('2019-03', en)).toBe('March 2019');
    expect(formatFhirDate('2019-03-05', en)).toBe('5 March 2019');
    expect(parseFhirDate('2019-03')?.precision).toBe('month');
  });

  it('shows instants as the day and time in England, whatever the zone they were written in', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in England (BST).
    expect(formatFhirDate('2024-06-30T23:30:00Z', en)).toBe('1 July 2024');
    expect(formatFhirTime('2024-06-30T23:30:00Z')).toBe('00:30');
    // In winter England is on UTC.
    expect(formatFhirTime('2024-01-15T09:05:00+01:00')).toBe('08:05');
    expect(formatFhirTime('2024-01-15')).toBeUndefined();
  });

  it('uses the catalogue’s month names (Welsh)', () => {
    expect(formatFhirDate('2024-03-05', cy)).toBe('5 Mawrth 2024');
    expect(formatMonthYear(new Date('2022-08-15T00:00:00Z'), en)).toBe('Aug 2022');
  });

  it('gives nothing for nothing or nonsense', () => {
    expect(formatFhirDate(undefined, en)).toBeUndefined();
    expect(formatFhirDate('not a date', en)).toBeUndefined();
  });
});
