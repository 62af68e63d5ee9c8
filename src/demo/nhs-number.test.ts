import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../identity/index.js';
import { createTestNhsNumbers } from './nhs-number.js';
import { createPrng } from './prng.js';

describe('demo NHS numbers', () => {
  it('issues distinct valid numbers from the 999 test range, deterministically', () => {
    const next = createTestNhsNumbers(createPrng(1));
    const numbers = Array.from({ length: 500 }, next);
    expect(new Set(numbers).size).toBe(500);
    for (const n of numbers) {
      expect(n).toMatch(/^999[0-9]{7}$/);
      expect(isValidNhsNumber(n)).toBe(true);
    }
    const again = createTestNhsNumbers(createPrng(1));
    expect(Array.from({ length: 500 }, again)).toEqual(numbers);
  });
});
