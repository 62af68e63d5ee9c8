/** Instants as epoch milliseconds; converted to ISO strings only when a row is written. */
export interface EpochRange {
  low: number;
  high: number;
}

const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Date.UTC reads years 0–99 as 1900–1999; FHIR years are literal. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  if (y >= 100) return t;
  const date = new Date(t);
  date.setUTCFullYear(y);
  return date.getTime();
}

/**
 * The half-open range [low, high) a FHIR date, dateTime or instant covers at the precision it is
 * written with (R4 search, date): `2020` is the whole year, `2020-03-04T10:00:00+01:00` one
 * second. A value without a zone is read as UTC, so stored values and search values agree.
 * Undefined for anything that is not such a value.
 */
export function dateRange(value: string): EpochRange | undefined {
  const m = DATE_TIME.exec(value);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]) - 1;
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 0 || month > 11)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  if (month === undefined) return { low: utc(y, 0, 1, 0, 0, 0, 0), high: utc(y + 1, 0, 1, 0, 0, 0, 0) };
  if (day === undefined) return { low: utc(y, month, 1, 0, 0, 0, 0), high: utc(y, month + 1, 1, 0, 0, 0, 0) };
  if (m[4] === undefined)
    return { low: utc(y, month, day, 0, 0, 0, 0), high: utc(y, month, day + 1, 0, 0, 0, 0) };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const fraction = m[7];
  let ms = 0;
  let width = m[6] === undefined ? 60_000 : 1000;
  if (fraction !== undefined) {
    // Finer than a millisecond cannot be stored: such values cover their whole millisecond.
    ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
    width = fraction.length >= 3 ? 1 : 10 ** (3 - fraction.length);
  }
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const low = utc(y, month, day, h, mi, s, ms) - offset;
  return { low, high: low + width };
}

/** ISO 8601 in UTC with milliseconds, or undefined outside what Date can represent. */
export function isoInstant(epochMs: number): string | undefined {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
