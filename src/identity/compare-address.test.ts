import { describe, expect, it } from 'vitest';
import { compareAddresses, comparePostcodes, tokenSetSimilarity } from './compare-address.js';

describe('postcodes', () => {
  it('grades UK postcodes by unit, keying error, sector and district', () => {
    expect(comparePostcodes('LS1 4AP', 'LS1 4AP').level).toBe('exact');
    expect(comparePostcodes('LS1 4AP', 'LS1 4PA').level).toBe('close');
    expect(comparePostcodes('LS1 4AP', 'LS1 4BT')).toEqual({ level: 'partial', reason: 'same sector LS1 4' });
    expect(comparePostcodes('LS1 4AP', 'LS1 6BT')).toEqual({ level: 'partial', reason: 'same district LS1' });
    expect(comparePostcodes('LS1 4AP', 'M1 1AE').level).toBe('disagree');
  });

  it('compares other postal codes by keying errors only', () => {
    expect(comparePostcodes('6017', '6071').level).toBe('close');
    expect(comparePostcodes('6017', '6018').level).toBe('close');
    expect(comparePostcodes('6017', '6099').level).toBe('disagree');
    expect(comparePostcodes(undefined, '6099').level).toBe('missing');
  });
});

describe('street addresses', () => {
  it('measures word-set similarity regardless of order', () => {
    expect(tokenSetSimilarity(['high', 'street'], ['street', 'high'])).toBe(1);
    expect(tokenSetSimilarity(['high', 'street'], ['hihg', 'street'])).toBeGreaterThan(0.9);
    expect(tokenSetSimilarity([], ['street'])).toBe(0);
  });

  it('needs the same number and lines for exact, in any order', () => {
    const a = { houseNumber: '12', lines: ['cutlack street', 'belmont park'] };
    expect(compareAddresses(a, { houseNumber: '12', lines: ['belmont park', 'cutlack street'] }).level).toBe(
      'exact',
    );
    expect(compareAddresses(a, { lines: ['cutlack street', 'belmont park'] }).level).toBe('close');
  });

  it('copes with typos, split and joined words and a missing line', () => {
    const a = { houseNumber: '8', lines: ['stanley street', 'miami'] };
    expect(compareAddresses(a, { houseNumber: '8', lines: ['stanleykstreet', 'miami'] }).level).toBe('close');
    expect(compareAddresses(a, { houseNumber: '8', lines: ['stanley street'] }).level).toBe('close');
    expect(compareAddresses(a, { houseNumber: '8', lines: ['stanly stret', 'maimi'] }).level).toMatch(
      /close|partial/,
    );
  });

  it('is partial at best when the house numbers differ, and disagrees on another street', () => {
    const a = { houseNumber: '8', lines: ['stanley street'] };
    expect(compareAddresses(a, { houseNumber: '10', lines: ['stanley street'] }).level).toBe('partial');
    expect(compareAddresses(a, { houseNumber: '8', lines: ['pinkerton circuit'] }).level).toBe('disagree');
    expect(compareAddresses(a, { houseNumber: '8', lines: [] }).level).toBe('partial');
    expect(compareAddresses(a, { lines: [] }).level).toBe('missing');
  });
});
