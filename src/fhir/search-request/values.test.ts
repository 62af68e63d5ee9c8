import { describe, expect, it } from 'vitest';
import { FhirError } from '../operation-outcome.js';
import {
  parseDate,
  parseNumber,
  parseQuantity,
  parseReference,
  parseToken,
  splitUnescaped,
  unescapeValue,
} from './values.js';

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
    expect(parseDate('d', '2024')).toEqual({
      prefix: 'eq',
      value: '2024-01-01T00:00:00.000Z',
      low: '2024-01-01T00:00:00.000Z',
      high: '2025-01-01T00:00:00.000Z',
    });
    expect(parseDate('d', 'ge2024-02')).toMatchObject({
      prefix: 'ge',
      low: '2024-02-01T00:00:00.000Z',
      high: '2024-03-01T00:00:00.000Z',
    });
    expect(parseDate('d', 'lt2024-02-29').high).toBe('2024-03-01T00:00:00.000Z');
    expect(parseDate('d', '2024-03-10T10:00:00+01:00')).toMatchObject({
      low: '2024-03-10T09:00:00.000Z',
      high: '2024-03-10T09:00:01.000Z',
    });
  });

  it('rejects impossible dates and unsupported prefixes with 400', () => {
    for (const bad of ['2023-02-29', '2024-13', '2024-00-10', 'yesterday', '2024-01-01T25:00Z', 'xx2024']) {
      const e = (() => {
        try {
          parseDate('d', bad);
        } catch (err) {
          return err;
        }
      })();
      expect(e, bad).toBeInstanceOf(FhirError);
      expect((e as FhirError).status).toBe(400);
    }
  });

  it('gives numbers the range their precision implies, in exact decimals', () => {
    expect(parseNumber('n', '100')).toEqual({ prefix: 'eq', value: '100', low: '99.5', high: '100.5' });
    expect(parseNumber('n', 'gt0.1')).toMatchObject({
      prefix: 'gt',
      value: '0.1',
      low: '0.05',
      high: '0.15',
    });
    expect(parseNumber('n', '1e2')).toMatchObject({ value: '100', low: '50', high: '150' });
    expect(parseNumber('n', '-2.50')).toMatchObject({ value: '-2.5', low: '-2.505', high: '-2.495' });
    expect(() => parseNumber('n', '1,5')).toThrow(FhirError);
  });

  it('reads quantities and references in all their forms', () => {
    expect(parseQuantity('q', 'le5.4|http://unitsofmeasure.org|mg')).toMatchObject({
      prefix: 'le',
      value: '5.4',
      system: 'http://unitsofmeasure.org',
      code: 'mg',
    });
    expect(parseQuantity('q', '5||mg')).toMatchObject({ value: '5', code: 'mg' });
    const isType = (t: string) => t === 'Patient';
    expect(parseReference('r', 'Patient/1', isType)).toEqual({ targetType: 'Patient', id: '1' });
    expect(parseReference('r', '1', isType)).toEqual({ id: '1' });
    expect(parseReference('r', 'Patient/1/_history/2', isType)).toEqual({
      targetType: 'Patient',
      id: '1',
      version: '2',
    });
    expect(parseReference('r', 'http://x/fhir/Patient/1', isType, 'http://x/fhir')).toEqual({
      targetType: 'Patient',
      id: '1',
    });
    expect(parseReference('r', 'http://other/Patient/1', isType, 'http://x/fhir')).toEqual({
      url: 'http://other/Patient/1',
    });
    expect(parseReference('r', 'http://a/ValueSet/v|2.0', isType)).toEqual({
      url: 'http://a/ValueSet/v',
      version: '2.0',
    });
    expect(() => parseReference('r', 'Nope/1', isType)).toThrow(FhirError);
    expect(parseReference('r', '7', isType, undefined, 'Patient')).toEqual({
      targetType: 'Patient',
      id: '7',
    });
  });
});
