import { describe, expect, it } from 'vitest';
import { isInformativeSex, normaliseSex } from './normalise-sex.js';

describe('sex and gender', () => {
  it('reads FHIR, HL7 v2 and NHS codes', () => {
    expect(normaliseSex('male')).toBe('male');
    expect(normaliseSex('F')).toBe('female');
    expect(normaliseSex(1)).toBe('male');
    expect(normaliseSex('2')).toBe('female');
    expect(normaliseSex(9)).toBe('other');
    expect(normaliseSex('X')).toBe('unknown');
    expect(normaliseSex(' Unknown ')).toBe('unknown');
  });

  it('treats anything unrecognised as missing', () => {
    expect(normaliseSex('banana')).toBeUndefined();
    expect(normaliseSex(undefined)).toBeUndefined();
  });

  it('only male and female take part in matching', () => {
    expect(isInformativeSex('male')).toBe(true);
    expect(isInformativeSex('other')).toBe(false);
    expect(isInformativeSex(undefined)).toBe(false);
  });
});
