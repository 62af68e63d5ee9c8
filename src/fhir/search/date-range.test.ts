import { describe, expect, it } from 'vitest';
import { dateRange, isoInstant } from './date-range.js';

const range = (value: string) => {
  const r = dateRange(value);
  return r === undefined ? undefined : { low: isoInstant(r.low), high: isoInstant(r.high) };
};

describe('dateRange: the half-open range a value covers at its precision', () => {
  it('a year covers the whole year', () => {
    expect(range('2020')).toEqual({ low: '2020-01-01T00:00:00.000Z', high: '2021-01-01T00:00:00.000Z' });
  });

  it('a month covers the month, December rolling into the next year', () => {
    expect(range('2021-02')).toEqual({ low: '2021-02-01T00:00:00.000Z', high: '2021-03-01T00:00:00.000Z' });
    expect(range('2021-12')).toEqual({ low: '2021-12-01T00:00:00.000Z', high: '2022-01-01T00:00:00.000Z' });
  });

  it('a date covers the day, read as UTC', () => {
    expect(range('2024-02-29')).toEqual({
      low: '2024-02-29T00:00:00.000Z',
      high: '2024-03-01T00:00:00.000Z',
    });
  });

  it('a dateTime to the second covers that second, shifted to UTC by its zone', () => {
    expect(range('2015-02-07T13:28:17-05:00')).toEqual({
      low: '2015-02-07T18:28:17.000Z',
      high: '2015-02-07T18:28:18.000Z',
    });
    expect(range('2015-02-07T13:28:17+00:00')).toEqual({
      low: '2015-02-07T13:28:17.000Z',
      high: '2015-02-07T13:28:18.000Z',
    });
    expect(range('2015-02-07T00:30:00+01:00')).toEqual({
      low: '2015-02-06T23:30:00.000Z',
      high: '2015-02-06T23:30:01.000Z',
    });
  });

  it('fractional seconds narrow the range to their last digit, down to a millisecond', () => {
    expect(range('2013-06-08T10:57:34.2Z')).toEqual({
      low: '2013-06-08T10:57:34.200Z',
      high: '2013-06-08T10:57:34.300Z',
    });
    expect(range('2013-06-08T10:57:34.123Z')).toEqual({
      low: '2013-06-08T10:57:34.123Z',
      high: '2013-06-08T10:57:34.124Z',
    });
    expect(range('2013-06-08T10:57:34.123456Z')).toEqual({
      low: '2013-06-08T10:57:34.123Z',
      high: '2013-06-08T10:57:34.124Z',
    });
  });

  it('a time to the minute (search values allow it) covers the minute; no zone is UTC', () => {
    expect(range('2013-06-08T10:57')).toEqual({
      low: '2013-06-08T10:57:00.000Z',
      high: '2013-06-08T10:58:00.000Z',
    });
  });

  it('rejects what is not a FHIR date, dateTime or instant', () => {
    for (const bad of ['', '20', '2020-13', '2020-01-32', '2020-1-1', 'T10:00', '10:00:00', 'yesterday']) {
      expect(dateRange(bad), bad).toBeUndefined();
    }
  });

  it('reads years below 100 literally', () => {
    expect(range('0050')).toEqual({ low: '0050-01-01T00:00:00.000Z', high: '0051-01-01T00:00:00.000Z' });
  });
});
