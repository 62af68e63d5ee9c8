import { describe, expect, it } from 'vitest';
import { FhirError } from '../fhir/index.js';
import { parseDateValue, parseToken, splitUnescaped, unescapeValue } from './search-values.js';

describe('search value parsing', () => {
  it('splits on unescaped separators only', () => {
    expect(splitUnescaped('a,b\\,c,d', ',')).toEqual(['a', 'b\\,c', 'd']);
    expect(splitUnescaped('sys|co\\|de', '|')).toEqual(['sys', 'co\\|de']);
    expect(unescapeValue('b\\,c\\|d\\\\e')).toBe('b,c|d\\e');
  });

  it('reads the four token forms', () => {
    expect(parseToken('identifier', 'http://x|123')).toEqual({ system: 'http://x', code: '123' });
    expect(parseToken('identifier', '|123')).toEqual({ system: null, code: '123' });
    expect(parseToken('identifier', 'http://x|')).toEqual({ system: 'http://x' });
    expect(parseToken('identifier', '123')).toEqual({ code: '123' });
    expect(() => parseToken('identifier', '|')).toThrow(FhirError);
    expect(() => parseToken('identifier', 'a|b|c')).toThrow(FhirError);
  });

  it('turns a date of any precision into the range it covers', () => {
    expect(parseDateValue('d', '2024')).toEqual({
      prefix: 'eq',
      low: '2024-01-01T00:00:00.000Z',
      high: '2025-01-01T00:00:00.000Z',
    });
    expect(parseDateValue('d', 'ge2024-02')).toMatchObject({
      prefix: 'ge',
      low: '2024-02-01T00:00:00.000Z',
      high: '2024-03-01T00:00:00.000Z',
    });
    expect(parseDateValue('d', 'lt2024-02-29').high).toBe('2024-03-01T00:00:00.000Z');
    expect(parseDateValue('d', '2024-03-10T10:00:00+01:00')).toMatchObject({
      low: '2024-03-10T09:00:00.000Z',
      high: '2024-03-10T09:00:01.000Z',
    });
  });

  it('rejects impossible dates and unsupported prefixes with 400', () => {
    for (const bad of ['2023-02-29', '2024-13', '2024-00-10', 'yesterday', '2024-01-01T25:00Z', 'sa2024']) {
      const e = (() => {
        try {
          parseDateValue('d', bad);
        } catch (err) {
          return err;
        }
      })();
      expect(e, bad).toBeInstanceOf(FhirError);
      expect((e as FhirError).status).toBe(400);
    }
  });
});
