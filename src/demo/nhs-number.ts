import type { Prng } from './prng.js';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * The modulus-11 check digit of the first nine digits, or undefined when the nine digits cannot start
 * a valid NHS number (the check would be 10).
 */
export function nhsNumberCheckDigit(firstNine: string): number | undefined {
  if (!/^[0-9]{9}$/.test(firstNine)) throw new Error('an NHS number check digit needs exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

export function isValidNhsNumber(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  return nhsNumberCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/**
 * NHS numbers from the 999 range, which is never issued to real people, so demo data cannot collide
 * with anyone's record. Every number passes the check digit and none repeats.
 */
export function createTestNhsNumbers(prng: Prng): () => string {
  const issued = new Set<string>();
  return () => {
    for (;;) {
      const nine = `999${String(prng.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsNumberCheckDigit(nine);
      if (check === undefined) continue;
      const value = `${nine}${check}`;
      if (issued.has(value)) continue;
      issued.add(value);
      return value;
    }
  };
}
