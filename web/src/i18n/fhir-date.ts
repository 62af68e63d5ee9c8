/**
 * FHIR dates come at the precision they were recorded at: a year (`2019`), a month (`2019-03`), a day
 * (`2019-03-05`) or an instant with a time zone. Each is shown at its own precision: a condition
 * "since 2019" must not turn into "since 1 January 2019".
 *
 * Words come from the message catalogue, not from Intl: browsers do not all carry date names for
 * every language (Chromium has none for Welsh and silently falls back to American English).
 */
export type FhirDatePrecision = 'year' | 'month' | 'day' | 'time';

/** Records are English ones, so times are shown as they were on the clock in England. */
export const RECORD_TIME_ZONE = 'Europe/London';

export interface DateWords {
  /** January to December. */
  months: readonly string[];
  /** Short forms for chart axes: Jan to Dec. */
  shortMonths: readonly string[];
  /** Patterns with {day}, {month} and {year}. */
  dayMonthYear: string;
  monthYear: string;
}

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface ParsedFhirDate {
  /** The first instant the value covers (midnight UTC for dates without a time). */
  date: Date;
  precision: FhirDatePrecision;
}

export function parseFhirDate(value: string | undefined): ParsedFhirDate | undefined {
  if (!value) return undefined;
  const partial = PARTIAL.exec(value);
  if (partial) {
    const [, y, m, d] = partial;
    const date = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
    return { date, precision: d ? 'day' : m ? 'month' : 'year' };
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { date, precision: 'time' };
}

interface ClockParts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
}

/** The date and clock time of an instant in England (Intl's time zone data, with numbers only). */
export function englandParts(date: Date): ClockParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: RECORD_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: part('hour'),
    minute: part('minute'),
  };
}

const fill = (pattern: string, values: Record<string, string | number>) =>
  pattern.replace(/\{(\w+)\}/g, (all, name: string) => String(values[name] ?? all));

/** "2019", "March 2019", "5 March 2019", or, for instants, the day in England. */
export function formatFhirDate(value: string | undefined, words: DateWords): string | undefined {
  const parsed = parseFhirDate(value);
  if (!parsed) return undefined;
  const { date, precision } = parsed;
  if (precision === 'year') return String(date.getUTCFullYear());
  const { year, month, day } =
    precision === 'time'
      ? englandParts(date)
      : { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  const monthName = words.months[month - 1] ?? String(month);
  return precision === 'month'
    ? fill(words.monthYear, { month: monthName, year })
    : fill(words.dayMonthYear, { day, month: monthName, year });
}

/** The clock time of an instant in England ("09:40"), or undefined for values without a time. */
export function formatFhirTime(value: string | undefined): string | undefined {
  const parsed = parseFhirDate(value);
  if (!parsed || parsed.precision !== 'time') return undefined;
  const { hour, minute } = englandParts(parsed.date);
  return `${hour}:${minute}`;
}

/** A short month and year for chart axes ("Aug 2022"). */
export function formatMonthYear(date: Date, words: DateWords): string {
  const { year, month } = englandParts(date);
  return fill(words.monthYear, { month: words.shortMonths[month - 1] ?? String(month), year });
}
