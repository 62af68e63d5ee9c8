import { describe, expect, it } from 'vitest';
import {
  ETHNIC_CATEGORY_BROAD_GROUPS,
  ageBand,
  ageBandLabel,
  generaliseByMap,
  generaliseDate,
  postcodeArea,
  postcodeDistrict,
} from './index.js';

describe('generaliseDate', () => {
  it.each([
    ['2024-03-17', '2024-03', '2024'],
    ['2024-02-29', '2024-02', '2024'],
    ['2024-12-31T23:59:59+14:00', '2024-12', '2024'],
    ['2024-01-01T00:30:00-05:00', '2024-01', '2024'],
    ['2024-03', '2024-03', '2024'],
    ['2024', '2024', '2024'],
    [' 1999-07-04 ', '1999-07', '1999'],
  ])('%s → %s by month, %s by year', (value, month, year) => {
    expect(generaliseDate(value, 'month')).toBe(month);
    expect(generaliseDate(value, 'year')).toBe(year);
  });

  it('keeps the date as written rather than moving it to UTC', () => {
    // 23:30 on 31 December in New York is already 1 January in UTC; the record means 31 December.
    expect(generaliseDate('2023-12-31T23:30:00-05:00', 'year')).toBe('2023');
  });

  it('reads a JS Date in UTC', () => {
    expect(generaliseDate(new Date(Date.UTC(2020, 1, 29, 12)), 'month')).toBe('2020-02');
    expect(generaliseDate(new Date(Number.NaN), 'month')).toBeNull();
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '0000-01-01',
    '24-03-17',
    '17/03/2024',
    '2024-03-17T25:00',
    '',
    'soon',
  ])('returns null for %j', (value) => {
    expect(generaliseDate(value, 'month')).toBeNull();
  });

  it('returns null for non-dates', () => {
    expect(generaliseDate(null, 'year')).toBeNull();
    expect(generaliseDate(20240317, 'year')).toBeNull();
  });
});

describe('ageBand', () => {
  it('moves up a band on the birthday itself, not the day after', () => {
    expect(ageBand('1990-03-17', '2025-03-16')).toBe('30-34'); // 34
    expect(ageBand('1990-03-17', '2025-03-17')).toBe('35-39'); // 35 today
  });

  it('treats a 29 February birthday as reached on 1 March in a common year', () => {
    expect(ageBand('2000-02-29', '2005-02-28')).toBe('0-4'); // still 4
    expect(ageBand('2000-02-29', '2005-03-01')).toBe('5-9'); // 5
    expect(ageBand('1999-02-29', '2005-03-01')).toBeNull(); // 1999 had no 29 February
    expect(ageBand('2000-02-29', '2004-02-29')).toBe('0-4'); // 4 exactly, leap year
    expect(ageBand('2000-02-29', '2010-02-28', { width: 1 })).toBe('9-9');
    expect(ageBand('2000-02-29', '2012-02-29', { width: 1 })).toBe('12-12');
  });

  it('top-codes at 90', () => {
    expect(ageBand('1935-06-01', '2025-05-31')).toBe('85-89'); // 89
    expect(ageBand('1935-06-01', '2025-06-01')).toBe('90+'); // 90
    expect(ageBand('1901-01-01', '2025-06-01')).toBe('90+');
  });

  it('covers the first band, a birth on the reference date, and births after it', () => {
    expect(ageBand('2025-06-01', '2025-06-01')).toBe('0-4');
    expect(ageBand('2020-06-02', '2025-06-01')).toBe('0-4');
    expect(ageBand('2020-06-01', '2025-06-01')).toBe('5-9');
    expect(ageBand('2025-06-02', '2025-06-01')).toBeNull();
  });

  it('gives a band for a partial birth date only when every possible day falls in it', () => {
    expect(ageBand('1980', '2024-06-30')).toBe('40-44'); // 43 or 44
    expect(ageBand('1979', '2024-06-30')).toBeNull(); // 44 or 45
    expect(ageBand('1979-12', '2024-06-30')).toBe('40-44'); // 44
    expect(ageBand('2025', '2025-06-01')).toBe('0-4'); // born this year: the record says already born
    expect(ageBand('1990-03-17T08:00:00Z', '2025-03-17')).toBe('35-39');
  });

  it('takes width and top code as options', () => {
    expect(ageBand('1960-01-01', '2025-06-01', { width: 10 })).toBe('60-69');
    expect(ageBand('1942-01-01', '2025-06-01', { width: 10, topCode: 85 })).toBe('80-84');
    expect(ageBand('1940-01-01', '2025-06-01', { width: 10, topCode: 85 })).toBe('85+');
    expect(ageBandLabel(17, { width: 1, topCode: 18 })).toBe('17-17');
    expect(ageBandLabel(18, { width: 1, topCode: 18 })).toBe('18+');
  });

  it('returns null for unreadable birth dates and refuses bad settings', () => {
    expect(ageBand('not a date', '2025-06-01')).toBeNull();
    expect(ageBand(undefined, '2025-06-01')).toBeNull();
    expect(() => ageBand('1990-01-01', '2025-06')).toThrow(/full date/);
    expect(() => ageBand('1990-01-01', '2025-02-30')).toThrow(/full date/);
    expect(() => ageBand('1990-01-01', '2025-06-01', { width: 0 })).toThrow(/width/);
    expect(() => ageBand('1990-01-01', '2025-06-01', { topCode: 2.5 })).toThrow(/top code/);
  });
});

describe('postcodes', () => {
  it.each([
    ['LS1 4AP', 'LS1', 'LS'],
    ['ls14ap', 'LS1', 'LS'],
    ['  M1 1AE ', 'M1', 'M'],
    ['SW1A 1AA', 'SW1A', 'SW'],
    ['EC1A 1BB', 'EC1A', 'EC'],
    ['W1A 0AX', 'W1A', 'W'],
    ['B33 8TH', 'B33', 'B'],
    ['CR2 6XH', 'CR2', 'CR'],
    ['DN55 1PT', 'DN55', 'DN'],
  ])('%s → district %s, area %s', (postcode, district, area) => {
    expect(postcodeDistrict(postcode)).toBe(district);
    expect(postcodeArea(postcode)).toBe(area);
  });

  it.each(['LS1', 'LS1 4', 'LS1 4CP', '1LS 4AP', 'LS1 4A', 'NOT A POSTCODE', '', 'BFPO 1234', '12345'])(
    'returns null for %j',
    (postcode) => {
      expect(postcodeDistrict(postcode)).toBeNull();
      expect(postcodeArea(postcode)).toBeNull();
    },
  );

  it('returns null for non-strings', () => {
    expect(postcodeDistrict(null)).toBeNull();
    expect(postcodeArea(12345)).toBeNull();
  });
});

describe('generaliseByMap', () => {
  it('maps ethnic categories to their broad groups', () => {
    expect(generaliseByMap('A', ETHNIC_CATEGORY_BROAD_GROUPS)).toBe('White');
    expect(generaliseByMap('H', ETHNIC_CATEGORY_BROAD_GROUPS)).toBe('Asian or Asian British');
    expect(generaliseByMap('R', ETHNIC_CATEGORY_BROAD_GROUPS)).toBe('Other ethnic groups');
    expect(generaliseByMap('Z', ETHNIC_CATEGORY_BROAD_GROUPS)).toBe('Not stated');
    expect(generaliseByMap(99, ETHNIC_CATEGORY_BROAD_GROUPS)).toBe('Not known');
  });

  it('never passes an unknown code through', () => {
    expect(generaliseByMap('Q', ETHNIC_CATEGORY_BROAD_GROUPS)).toBeNull();
    expect(generaliseByMap('Q', ETHNIC_CATEGORY_BROAD_GROUPS, 'Unknown')).toBe('Unknown');
    expect(generaliseByMap('toString', ETHNIC_CATEGORY_BROAD_GROUPS)).toBeNull();
    expect(generaliseByMap({ code: 'A' }, ETHNIC_CATEGORY_BROAD_GROUPS)).toBeNull();
  });
});
