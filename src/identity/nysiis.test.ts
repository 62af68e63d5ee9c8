import { describe, expect, it } from 'vitest';
import { nysiis, nysiisInitial } from './nysiis.js';

describe('NYSIIS', () => {
  it('encodes names as the algorithm prescribes', () => {
    // Worked by hand from Taft's rules: prefixes (KN, MAC, PH, SCH), H and W after vowels, final S/A.
    expect(nysiis('knight')).toBe('NAGT');
    expect(nysiis('mitchell')).toBe('MATCAL');
    expect(nysiis('greene')).toBe('GRAN');
    expect(nysiis('carr')).toBe('CAR');
    expect(nysiis('chapman')).toBe('CAPNAN');
    expect(nysiis('macdonald')).toBe('MCDANALD');
    expect(nysiis('schmidt')).toBe('SNAD');
  });

  it('gives sound-alike spellings one code', () => {
    const groups = [
      ['smith', 'smithe'],
      ['johnson', 'jonson'],
      ['philips', 'fillips', 'phillips'],
      ['catherine', 'katherine'],
      ['stephens', 'stevens'],
    ];
    for (const group of groups) expect(new Set(group.map(nysiis)).size, group.join('/')).toBe(1);
    expect(nysiis('smith')).not.toBe(nysiis('jones'));
    // Y is not a vowel to NYSIIS: Smyth/Smith differ here and are caught by Jaro–Winkler instead.
    expect(nysiis('smyth')).toBe('SNYT');
  });

  it('ignores case and non-letters, and knows the first letter cheaply', () => {
    expect(nysiis("O'Brien")).toBe(nysiis('obrien'));
    expect(nysiis('')).toBe('');
    for (const name of ['knight', 'kelly', 'phelps', 'pfeiffer', 'macleod', 'smith', 'schmidt']) {
      expect(nysiisInitial(name), name).toBe(nysiis(name).charAt(0));
    }
  });
});
