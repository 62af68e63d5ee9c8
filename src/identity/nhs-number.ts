/** The FHIR identifier system for NHS numbers (England, Wales and the Isle of Man). */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * The modulus-11 check value of the first nine digits (weights 10 down to 2; a result of 11 becomes 0).
 * 10 means no check digit can follow these nine digits, so every number starting with them is invalid;
 * undefined when the input is not exactly nine digits.
 */
export function nhsNumberChecksum(firstNine: string): number | undefined {
  if (!/^[0-9]{9}$/.test(firstNine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

/**
 * The digits of an NHS number as written by people and systems: surrounding whitespace, inner spaces and
 * hyphens removed (`943 476 5919`, `943-476-5919`); an integer is zero-padded to ten digits. Returns ""
 * when anything else is present, or for a negative or over-long integer, so that callers cannot mistake
 * a cleaned-up fragment for a number. The length is not checked here; validation does that.
 */
export function standardiseNhsNumber(input: string | number): string {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0 || input > 9_999_999_999) return '';
    return String(input).padStart(10, '0');
  }
  const stripped = input.trim().replace(/[\s-]/g, '');
  return /^[0-9]*$/.test(stripped) ? stripped : '';
}

/** True when the ten digits carry a correct modulus-11 check digit (no region or date rules). */
export function hasValidNhsCheckDigit(digits: string): boolean {
  if (!/^[0-9]{10}$/.test(digits)) return false;
  const check = nhsNumberChecksum(digits.slice(0, 9));
  return check !== undefined && check !== 10 && check === Number(digits[9]);
}

/**
 * The canonical ten-digit form of a number that passes the check digit, or undefined. This is the form
 * stored in `Identifier.value` and compared by the matcher.
 */
export function normaliseNhsNumber(input: string | number): string | undefined {
  const digits = standardiseNhsNumber(input);
  return hasValidNhsCheckDigit(digits) ? digits : undefined;
}

/** The display form `943 476 5919` (3-3-4), or undefined when the input is not a valid NHS number. */
export function formatNhsNumber(input: string | number): string | undefined {
  const digits = normaliseNhsNumber(input);
  return digits === undefined ? undefined : `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
