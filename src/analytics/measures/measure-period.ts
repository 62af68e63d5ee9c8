import { errors } from '../../fhir/index.js';

/** A reporting period: whole UTC days, start inclusive, end exclusive. */
export interface MeasurePeriod {
  /** As asked: `2025`, `2025-Q2` or `2025-06`. */
  label: string;
  start: string;
  end: string;
}

/**
 * Reads `YYYY`, `YYYY-Qn` or `YYYY-MM` (the periods NHS performance statistics are published for).
 * Anything else is a 400: a measure over a period nobody asked for would be misread.
 */
export function parseMeasurePeriod(value: string): MeasurePeriod {
  let m = /^([0-9]{4})$/.exec(value);
  if (m) return period(value, Number(m[1]), 0, 12);
  m = /^([0-9]{4})-Q([1-4])$/.exec(value);
  if (m) return period(value, Number(m[1]), (Number(m[2]) - 1) * 3, 3);
  m = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (m) return period(value, Number(m[1]), Number(m[2]) - 1, 1);
  throw errors.invalidParameter(
    `period must be a year (2025), a quarter (2025-Q2) or a month (2025-06), not "${value.slice(0, 20)}".`,
  );
}

function period(label: string, year: number, month: number, months: number): MeasurePeriod {
  const start = new Date(Date.UTC(year, month, 1)).toISOString();
  const end = new Date(Date.UTC(year, month + months, 1)).toISOString();
  return { label, start, end };
}
