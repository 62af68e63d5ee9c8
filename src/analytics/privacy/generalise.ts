/**
 * Generalisation of quasi-identifiers: values that identify nobody alone but can in combination (Sweeney:
 * birth date, sex and postcode single out most people). Each function coarsens one kind of value and
 * returns null for anything it cannot read, so that an unreadable value is withheld, never passed on.
 */
import { isRealDate, parseUkPostcode } from '../../identity/index.js';
import { privacyErrors } from './privacy-errors.js';

export type DatePrecision = 'month' | 'year';

interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

// A FHIR date or dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or a full date with a time and optional zone.
const FHIR_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?)?)?$/;

/**
 * The calendar parts of a FHIR date/dateTime, or of a JS Date (read in UTC). A dateTime is generalised
 * by its date as written, without moving it to UTC: the local date is the one the record means, and a
 * zone shift could move a birth across a month or year boundary.
 */
function dateParts(value: unknown): DateParts | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  if (typeof value !== 'string') return null;
  const m = FHIR_DATE.exec(value.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  if (year < 1) return null;
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A date to its month (`2024-03-17` → `2024-03`) or year (`2024`). A value already coarser than asked
 * (`2024` to month) is returned at the precision it has.
 */
export function generaliseDate(value: unknown, to: DatePrecision): string | null {
  const d = dateParts(value);
  if (d === null) return null;
  if (to === 'year' || d.month === undefined) return pad(d.year, 4);
  return `${pad(d.year, 4)}-${pad(d.month, 2)}`;
}

export interface AgeBandOptions {
  /** Width of each band in years; 5 by default (`0-4`, `5-9`, …). */
  width?: number;
  /** Ages from here up share one band (`90+`); 90 by default, as ONS and NHS England publish. */
  topCode?: number;
}

interface ResolvedAgeBands {
  width: number;
  topCode: number;
}

export function resolveAgeBands(options: AgeBandOptions = {}): ResolvedAgeBands {
  const width = options.width ?? 5;
  const topCode = options.topCode ?? 90;
  if (!Number.isInteger(width) || width < 1 || width > 150) {
    throw privacyErrors.invalid('Age band width must be a whole number of years from 1 to 150.');
  }
  if (!Number.isInteger(topCode) || topCode < 1 || topCode > 150) {
    throw privacyErrors.invalid('The age band top code must be a whole number of years from 1 to 150.');
  }
  return { width, topCode };
}

/** The band label of an age in completed years. */
export function ageBandLabel(age: number, options: AgeBandOptions = {}): string {
  const { width, topCode } = resolveAgeBands(options);
  if (age >= topCode) return `${topCode}+`;
  const low = Math.floor(age / width) * width;
  // A top code that is not a multiple of the width shortens the last band (width 10, top 85: 80-84).
  return `${low}-${Math.min(low + width - 1, topCode - 1)}`;
}

/** The reference date must be exact: an age band is only as good as the day it is measured on. */
export function parseReferenceDate(referenceDate: unknown): Required<DateParts> {
  const d = dateParts(referenceDate);
  if (d === null || d.day === undefined || d.month === undefined) {
    throw privacyErrors.invalid('The reference date for age bands must be a full date (YYYY-MM-DD).');
  }
  return { year: d.year, month: d.month, day: d.day };
}

/**
 * Age in completed years. The birthday counts as reached when the reference month and day are on or
 * after the birth month and day, so someone born on 29 February turns a year older on 1 March in a
 * common year — the position usually taken in English law.
 */
function completedYears(birth: Required<DateParts>, at: Required<DateParts>): number {
  const beforeBirthday = at.month < birth.month || (at.month === birth.month && at.day < birth.day);
  return at.year - birth.year - (beforeBirthday ? 1 : 0);
}

function compareDates(a: Required<DateParts>, b: Required<DateParts>): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function lastDayOfMonth(year: number, month: number): number {
  let day = 31;
  while (!isRealDate(year, month, day)) day--;
  return day;
}

/**
 * The age band at a reference date of a birth date, or null when the birth date is unreadable or after
 * the reference date. A partial birth date (`1980`, `1980-05`) gives a band only when every day it could
 * stand for falls in the same band; otherwise null, because guessing would put people in the wrong band.
 */
export function ageBand(
  birthDate: unknown,
  referenceDate: string,
  options: AgeBandOptions = {},
): string | null {
  const bands = resolveAgeBands(options);
  const at = parseReferenceDate(referenceDate);
  const b = dateParts(birthDate);
  if (b === null) return null;
  const earliestMonth = b.month ?? 1;
  const latestMonth = b.month ?? 12;
  const earliest = { year: b.year, month: earliestMonth, day: b.day ?? 1 };
  const latest = { year: b.year, month: latestMonth, day: b.day ?? lastDayOfMonth(b.year, latestMonth) };
  if (compareDates(earliest, at) > 0) return null;
  const oldest = completedYears(earliest, at);
  // A partial birth date that reaches past the reference date still means someone already born.
  const youngest = compareDates(latest, at) > 0 ? 0 : completedYears(latest, at);
  const label = ageBandLabel(oldest, bands);
  return ageBandLabel(youngest, bands) === label ? label : null;
}

/**
 * The postcode district (outward code): `LS1 4AP` → `LS1`. Null for anything that is not a full UK
 * postcode, including an outward code alone, since a partial value cannot be checked.
 */
export function postcodeDistrict(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return parseUkPostcode(value)?.outward ?? null;
}

/** The postcode area (the leading letters): `LS1 4AP` → `LS`. Null when not a full UK postcode. */
export function postcodeArea(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return parseUkPostcode(value)?.area ?? null;
}

/**
 * A coded value through a caller-supplied table (e.g. ethnic category to its broad group). Codes not in
 * the table become `otherwise` (null by default), so a new or misspelt code cannot slip through unchanged.
 */
export function generaliseByMap(
  value: unknown,
  table: Readonly<Record<string, string>>,
  otherwise: string | null = null,
): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return otherwise;
  const key = String(value).trim();
  return Object.hasOwn(table, key) ? (table[key] ?? otherwise) : otherwise;
}
