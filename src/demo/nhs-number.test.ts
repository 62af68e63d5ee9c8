import { describe, expect, it } from 'vitest';
import { createTestNhsNumbers, isValidNhsNumber, nhsNumberCheckDigit } from './nhs-number.js';
import { createPrng } from './prng.js';

describe('NHS number check digit', () => {
  it('accepts published test numbers and rejects a changed digit', () => {
    // 943 476 5919 is the worked example of the NHS Data Dictionary's modulus-11 algorithm.
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(nhsNumberCheckDigit('943476591')).toBe(9);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
  });

  it('maps a remainder of 0 to check digit 0 and knows when no check digit exists', () => {
    // 9×10 + 9×9 + 9×8 = 243 = 11×22 + 1, so the check would be 10: no valid number starts 999000000.
    expect(nhsNumberCheckDigit('999000000')).toBeUndefined();
    expect(nhsNumberCheckDigit('000000000')).toBe(0);
    // 5×3 + 5×2 = 25 = 11×2 + 3 → 11 − 3 = 8.
    expect(nhsNumberCheckDigit('000000055')).toBe(8);
  });

  it('issues distinct valid numbers from the 999 test range', () => {
    const next = createTestNhsNumbers(createPrng(1));
    const numbers = Array.from({ length: 500 }, next);
    expect(new Set(numbers).size).toBe(500);
    for (const n of numbers) {
      expect(n).toMatch(/^999[0-9]{7}$/);
      expect(isValidNhsNumber(n)).toBe(true);
    }
  });
});
