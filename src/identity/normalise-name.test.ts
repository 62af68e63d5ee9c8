import { describe, expect, it } from 'vitest';
import { areNicknameVariants, formalNamesOf } from './nicknames.js';
import { nameWords, normaliseFamilyName, normaliseGivenNames } from './normalise-name.js';
import { foldText } from './normalise-text.js';

describe('text folding', () => {
  it('folds case, accents, ligatures and punctuation to plain words', () => {
    expect(foldText('  Zoë  Brontë ')).toBe('zoe bronte');
    expect(foldText('Søren Kierkegaard')).toBe('soren kierkegaard');
    expect(foldText('STRAUß')).toBe('strauss');
    expect(foldText("O'Brien")).toBe('obrien');
    expect(foldText('D’Arcy')).toBe('darcy');
    expect(foldText('Smith-Jones, Jr.')).toBe('smith jones jr');
  });
});

describe('name normalisation', () => {
  it('drops titles and suffixes but keeps the name', () => {
    expect(nameWords('Mrs Jane SMITH')).toEqual(['jane', 'smith']);
    expect(nameWords('Dr. John Watson Jnr')).toEqual(['john', 'watson']);
    expect(normaliseGivenNames(['Miss'])).toEqual([]);
  });

  it('splits given names into words in order, without repeats', () => {
    expect(normaliseGivenNames(['Mary Jane', 'Jane', 'Élodie'])).toEqual(['mary', 'jane', 'elodie']);
  });

  it('keeps a double-barrelled family name whole as its parts', () => {
    expect(normaliseFamilyName('Bowes-Lyon')).toBe('bowes lyon');
    expect(normaliseFamilyName("O'Neill")).toBe('oneill');
    expect(normaliseFamilyName(' - ')).toBeUndefined();
  });
});

describe('nicknames', () => {
  it('pairs diminutives with their formal names', () => {
    expect(areNicknameVariants('bill', 'william')).toBe(true);
    expect(areNicknameVariants('william', 'bill')).toBe(true);
    expect(areNicknameVariants('peggy', 'margaret')).toBe(true);
    expect(areNicknameVariants('bill', 'will')).toBe(true);
    expect(areNicknameVariants('liz', 'beth')).toBe(true);
  });

  it('does not join two different formal names that share a nickname', () => {
    expect(formalNamesOf('sam')).toEqual(['sam', 'samuel', 'samantha']);
    expect(areNicknameVariants('samuel', 'samantha')).toBe(false);
    expect(areNicknameVariants('alexander', 'alexandra')).toBe(false);
    expect(areNicknameVariants('john', 'james')).toBe(false);
    expect(areNicknameVariants('john', 'john')).toBe(false);
  });
});
