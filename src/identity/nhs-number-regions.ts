import { hasValidNhsCheckDigit, standardiseNhsNumber } from './nhs-number.js';

/**
 * The issuing ranges of the UK's ten-digit health numbers (after the uk-fci/nhs-number reference
 * library). They matter to the matcher only indirectly: a Scottish CHI number must also start with a
 * real date of birth, and 999… numbers are test patients.
 */
export type NhsNumberRegion =
  'SCOTLAND' | 'NORTHERN_IRELAND' | 'ENGLAND_WALES_IOM' | 'EIRE' | 'SYNTHETIC' | 'RESERVED' | 'UNALLOCATED';

export interface NhsNumberRange {
  name: string;
  region: NhsNumberRegion;
  /** Inclusive limits, as integers (every value fits in a double exactly). */
  start: number;
  end: number;
}

export const NHS_NUMBER_RANGES: readonly NhsNumberRange[] = [
  { name: 'UNALLOCATED_1', region: 'UNALLOCATED', start: 10, end: 99_999_999 },
  { name: 'SCOTLAND', region: 'SCOTLAND', start: 100_000_000, end: 3_112_999_999 },
  { name: 'UNALLOCATED_2', region: 'UNALLOCATED', start: 3_113_000_000, end: 3_199_999_999 },
  { name: 'NORTHERN_IRELAND', region: 'NORTHERN_IRELAND', start: 3_200_000_000, end: 3_999_999_999 },
  { name: 'ENGLAND_WALES_IOM_1', region: 'ENGLAND_WALES_IOM', start: 4_000_000_000, end: 4_999_999_999 },
  { name: 'RESERVED', region: 'RESERVED', start: 5_000_000_000, end: 5_999_999_999 },
  { name: 'ENGLAND_WALES_IOM_2', region: 'ENGLAND_WALES_IOM', start: 6_000_000_000, end: 7_999_999_999 },
  { name: 'EIRE', region: 'EIRE', start: 8_000_000_000, end: 8_599_999_999 },
  { name: 'UNALLOCATED_3', region: 'UNALLOCATED', start: 8_600_000_000, end: 8_999_999_999 },
  { name: 'SYNTHETIC', region: 'SYNTHETIC', start: 9_000_000_000, end: 9_999_999_999 },
];

/** The region whose range holds these ten digits (check digit not examined), or undefined. */
export function nhsNumberRegion(input: string | number): NhsNumberRegion | undefined {
  const digits = standardiseNhsNumber(input);
  if (digits.length !== 10) return undefined;
  const value = Number(digits);
  return NHS_NUMBER_RANGES.find((r) => value >= r.start && value <= r.end)?.region;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A CHI number starts DDMMYY. The century is not recorded, so 29 February is accepted whenever YY is
 * a multiple of four (it was a leap year in one of the centuries a living person could be born in).
 */
function startsWithRealDate(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4, 6));
  const max = DAYS_IN_MONTH[month - 1];
  if (max === undefined || day < 1 || day > max) return false;
  return !(month === 2 && day === 29 && year % 4 !== 0);
}

export type ChiSex = 'male' | 'female' | 'inert';

/**
 * How a sex or gender value bears on a CHI number's parity digit. Codes that one parity digit cannot
 * express (indeterminate, not known, NHS PERSON GENDER CODE 0 and 9, "X") are inert; anything not
 * recognised throws, because silently ignoring a typo would make the check pass for the wrong reason.
 */
export function chiSexOf(sex: string | number): ChiSex {
  const key = typeof sex === 'number' ? String(sex) : sex.trim().toLowerCase();
  switch (key) {
    case 'male':
    case 'm':
    case '1':
      return 'male';
    case 'female':
    case 'f':
    case '2':
      return 'female';
    case 'indeterminate':
    case 'not_known':
    case 'not known':
    case 'unknown':
    case 'x':
    case '0':
    case '9':
      return 'inert';
    default:
      throw new Error(`unrecognised sex for an NHS/CHI number check: ${JSON.stringify(sex)}`);
  }
}

export interface NhsNumberValidity {
  /** The number must fall in one of this region's ranges. */
  region?: NhsNumberRegion;
  /** For CHI numbers, the ninth digit's parity must agree (odd = male); see chiSexOf. */
  sex?: string | number;
}

/**
 * Full validity after standardising the input: ten digits, a correct check digit, a real DDMMYY date for
 * CHI numbers, and optionally the region and the CHI sex digit. Without a region, no range is checked
 * (0000000000 passes), as in the reference library.
 */
export function isValidNhsNumber(input: string | number, options: NhsNumberValidity = {}): boolean {
  const sex = options.sex === undefined ? 'inert' : chiSexOf(options.sex);
  const digits = standardiseNhsNumber(input);
  if (!hasValidNhsCheckDigit(digits)) return false;
  const region = nhsNumberRegion(digits);
  if (options.region !== undefined && region !== options.region) return false;
  if (region !== 'SCOTLAND') return true;
  if (!startsWithRealDate(digits)) return false;
  if (sex === 'inert') return true;
  const male = Number(digits[8]) % 2 === 1;
  return sex === 'male' ? male : !male;
}
