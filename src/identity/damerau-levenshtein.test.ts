import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, damerauSimilarity, withinOneEdit } from './damerau-levenshtein.js';

describe('Damerau–Levenshtein (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('abcd', 'acbd')).toBe(1);
    expect(damerauLevenshtein('6017', '6071')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('same', 'same')).toBe(0);
  });

  it('does not edit a substring twice (the restricted variant)', () => {
    // Unrestricted Damerau–Levenshtein gives 2 (swap, then insert between); OSA cannot.
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
  });

  it('stops early beyond a maximum', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('a', 'abcdef', 2)).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting', 3)).toBe(3);
  });

  it('answers "at most one edit" exactly as the full distance would', () => {
    const words = ['smith', 'smyth', 'smiht', 'smit', 'smitth', 'msith', 'jones', '', 's', 'sm'];
    for (const a of words) {
      for (const b of words) expect(withinOneEdit(a, b), `${a}/${b}`).toBe(damerauLevenshtein(a, b) <= 1);
    }
  });

  it('turns the distance into a similarity', () => {
    expect(damerauSimilarity('abcd', 'abcd')).toBe(1);
    expect(damerauSimilarity('abcd', 'abce')).toBe(0.75);
    expect(damerauSimilarity('', '')).toBe(0);
  });
});
