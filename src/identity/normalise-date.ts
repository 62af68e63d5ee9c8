/** Year, month and day of a (possibly implausible) date as written. */
export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when the day exists in that month of that year. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

export interface ParseDateOptions {
  /**
   * How to read "03/04/1966": day first (the UK convention and the default) or month first (data from
   * American systems). Year-first forms are unambiguous and ignore this.
   */
  order?: 'dmy' | 'mdy';
  /**
   * Keep an impossible date such as 1931-99-24 instead of rejecting it. For matching, a mistyped date
   * still carries most of its digits, so the date comparator can credit a one-digit typo; for storage,
   * leave this off.
   */
  keepImplausible?: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A birth date as ISO `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when only that much is known, as FHIR allows).
 * Accepts ISO dates and FHIR dateTimes (the time is dropped), compact `YYYYMMDD`, and `D/M/YYYY` with
 * `/`, `-`, `.` or space. Two-digit years are rejected: the century of a birth year cannot be guessed.
 */
export function parseDate(text: string, options: ParseDateOptions = {}): string | undefined {
  const t = text.trim();
  let parts: DateParts | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T.*)?$/.exec(t)) !== null) {
    parts = { year: Number(m[1]), month: optional(m[2]), day: optional(m[3]) };
  } else if ((m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(t)) !== null) {
    parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  } else if ((m = /^([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})$/.exec(t)) !== null) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const [day, month] = options.order === 'mdy' ? [second, first] : [first, second];
    parts = { year: Number(m[3]), month, day };
  }
  if (parts === undefined || parts.year < 1000) return undefined;
  const { year, month, day } = parts;
  if (month === undefined) return pad(year, 4);
  if (day === undefined) {
    return options.keepImplausible || (month >= 1 && month <= 12)
      ? `${pad(year, 4)}-${pad(month, 2)}`
      : undefined;
  }
  if (!options.keepImplausible && !isRealDate(year, month, day)) return undefined;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function optional(digits: string | undefined): number | undefined {
  return digits === undefined ? undefined : Number(digits);
}

/** The parts of a date produced by parseDate, or undefined for anything else. */
export function dateParts(iso: string): DateParts | undefined {
  const m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/.exec(iso);
  if (m === null) return undefined;
  return { year: Number(m[1]), month: optional(m[2]), day: optional(m[3]) };
}

/**
 * True when swapping day and month gives another real date — the only case where a day/month
 * transposition can go unnoticed at data entry (14/03 cannot be keyed as 03/14 without failing).
 */
export function canTransposeDayMonth(iso: string): boolean {
  const p = dateParts(iso);
  if (p?.month === undefined || p.day === undefined || p.day === p.month) return false;
  return isRealDate(p.year, p.month, p.day) && isRealDate(p.year, p.day, p.month);
}
