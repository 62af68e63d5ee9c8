import { describe, expect, it } from 'vitest';
import { compareFamilyNames, compareGivenNames, swappedNames } from './compare-name.js';

const level = (x: { level: string }) => x.level;

describe('given names', () => {
  it('grades equal, typo, sound-alike and different first names', () => {
    expect(level(compareGivenNames(['michaela'], ['michaela']))).toBe('exact');
    expect(level(compareGivenNames(['michaela'], ['michafla']))).toBe('close');
    expect(level(compareGivenNames(['john'], ['mary']))).toBe('disagree');
    expect(compareGivenNames([], ['mary']).level).toBe('missing');
  });

  it('counts a known nickname as close', () => {
    const bill = compareGivenNames(['bill'], ['william']);
    expect(bill).toEqual({ level: 'close', reason: 'nickname (bill/william)' });
    expect(level(compareGivenNames(['peggy'], ['margaret']))).toBe('close');
  });

  it('credits a middle name or an initial only partially', () => {
    expect(compareGivenNames(['james'], ['david', 'james']).reason).toMatch(/middle name/);
    expect(level(compareGivenNames(['james'], ['david', 'james']))).toBe('partial');
    expect(compareGivenNames(['j'], ['james'])).toEqual({ level: 'partial', reason: 'initial agrees' });
  });

  it('treats a given name split or joined by a space as the same', () => {
    expect(level(compareGivenNames(['mary', 'jane'], ['maryjane']))).toBe('exact');
    expect(level(compareGivenNames(['elk', 'i'], ['elki']))).toBe('exact');
  });
});

describe('family names', () => {
  it('grades like given names, with NYSIIS for sound-alikes', () => {
    expect(level(compareFamilyNames(['neumann'], ['neumann']))).toBe('exact');
    expect(level(compareFamilyNames(['cannell'], ['canhell']))).toBe('close');
    expect(compareFamilyNames(['stephens'], ['stevens']).level).toMatch(/close|partial/);
    expect(level(compareFamilyNames(['neumann'], ['jakimow']))).toBe('disagree');
  });

  it('matches an earlier family name and one part of a double-barrelled name', () => {
    expect(compareFamilyNames(['jones', 'smith'], ['smith']).reason).toBe('an earlier family name agrees');
    expect(compareFamilyNames(['smith jones'], ['jones'])).toEqual({
      level: 'close',
      reason: 'one part of a double-barrelled name agrees',
    });
  });
});

describe('swapped given and family names', () => {
  it('recognises names entered the wrong way round, typos included', () => {
    expect(swappedNames(['ashleigh'], ['rollins'], ['rollins'], ['ashleigh'])?.reason).toMatch(/swapped/);
    expect(swappedNames(['ashleigh'], ['rollins'], ['rolliqns'], ['ashleigh'])?.level).toBe('close');
    expect(swappedNames(['ashleigh'], ['rollins'], ['mary'], ['smith'])).toBeUndefined();
  });
});
