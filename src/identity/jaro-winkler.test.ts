import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler.js';

describe('Jaro–Winkler', () => {
  it('reproduces the published examples (Winkler 1990; Cohen et al. 2003)', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaro('dwayne', 'duane')).toBeCloseTo(0.8222, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaro('dixon', 'dicksonx')).toBeCloseTo(0.7667, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
    expect(jaroWinkler('michaela', 'michafla')).toBeCloseTo(jaroWinkler('michafla', 'michaela'), 12);
  });

  it('gives the same answer for long strings as for short ones', () => {
    const a = 'belmont park belted galloway stud';
    const b = 'belmont park beltedgalloway stud';
    expect(a.length).toBeGreaterThan(32);
    expect(jaroWinkler(a, b)).toBeGreaterThan(0.95);
    expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 12);
  });
});
