import { describe, expect, it } from 'vitest';
import { formatMessage } from './translate.js';

describe('formatMessage', () => {
  it('fills placeholders, formatting numbers for the locale', () => {
    expect(
      formatMessage('Latest: {value} on {date}', 'en-GB', { value: '52 mmol/mol', date: '5 May 2025' }),
    ).toBe('Latest: 52 mmol/mol on 5 May 2025');
    expect(formatMessage('{count} results', 'en-GB', { count: 12345 })).toBe('12,345 results');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(formatMessage('Recorded by {name}', 'en-GB')).toBe('Recorded by {name}');
  });

  it('picks English plural forms', () => {
    const m = { one: '{count} result', other: '{count} results' };
    expect(formatMessage(m, 'en-GB', { count: 1 })).toBe('1 result');
    expect(formatMessage(m, 'en-GB', { count: 4 })).toBe('4 results');
  });

  it('picks all six Welsh plural forms', () => {
    const m = {
      zero: 'Z',
      one: 'O{count}',
      two: 'T{count}',
      few: 'F{count}',
      many: 'M{count}',
      other: 'X{count}',
    };
    expect([0, 1, 2, 3, 4, 6, 7].map((count) => formatMessage(m, 'cy-GB', { count }))).toEqual([
      'Z',
      'O1',
      'T2',
      'F3',
      'X4',
      'M6',
      'X7',
    ]);
  });

  it('falls back to the other form when a category is missing', () => {
    expect(formatMessage({ other: 'nifer: {count}' }, 'cy-GB', { count: 2 })).toBe('nifer: 2');
  });
});
