import { describe, expect, it } from 'vitest';
import { canTransposeDayMonth, dateParts, isRealDate, parseDate } from './normalise-date.js';

describe('date parsing', () => {
  it('reads ISO, FHIR dateTime, compact and UK day-first forms', () => {
    expect(parseDate('1966-06-03')).toBe('1966-06-03');
    expect(parseDate('1966-06-03T10:00:00Z')).toBe('1966-06-03');
    expect(parseDate('19660603')).toBe('1966-06-03');
    expect(parseDate('03/06/1966')).toBe('1966-06-03');
    expect(parseDate('3.6.1966')).toBe('1966-06-03');
    expect(parseDate('03-06-1966')).toBe('1966-06-03');
  });

  it('reads month-first dates when told to', () => {
    expect(parseDate('06/03/1966', { order: 'mdy' })).toBe('1966-06-03');
  });

  it('keeps FHIR partial dates', () => {
    expect(parseDate('1966')).toBe('1966');
    expect(parseDate('1966-06')).toBe('1966-06');
  });

  it('rejects impossible dates and two-digit years unless asked to keep them', () => {
    expect(parseDate('1966-02-30')).toBeUndefined();
    expect(parseDate('1900-02-29')).toBeUndefined();
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('03/06/66')).toBeUndefined();
    expect(parseDate('garbage')).toBeUndefined();
    expect(parseDate('19319924', { keepImplausible: true })).toBe('1931-99-24');
  });

  it('splits dates into parts', () => {
    expect(dateParts('1966-06-03')).toEqual({ year: 1966, month: 6, day: 3 });
    expect(dateParts('1966')).toEqual({ year: 1966, month: undefined, day: undefined });
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
  });

  it('knows when a day/month transposition could go unnoticed', () => {
    expect(canTransposeDayMonth('1966-06-03')).toBe(true);
    expect(canTransposeDayMonth('1966-06-14')).toBe(false);
    expect(canTransposeDayMonth('1966-06-06')).toBe(false);
    expect(canTransposeDayMonth('1966')).toBe(false);
  });
});
