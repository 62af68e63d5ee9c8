import { dateRange, isoInstant } from './date-range.js';
import { asObject, extensionValue } from './json-values.js';
import type { DateRow } from './types.js';

/** Epoch milliseconds; an open end is ±Infinity, so min/max combine ranges without special cases. */
interface OpenRange {
  low: number;
  high: number;
}

function pointRange(value: unknown): OpenRange | undefined {
  return typeof value === 'string' ? dateRange(value) : undefined;
}

/** A Period is an explicit range; a missing start or end leaves that side unbounded. */
function periodRange(value: unknown): OpenRange | undefined {
  const p = asObject(value);
  if (p === undefined) return undefined;
  const start = pointRange(p.start);
  const end = pointRange(p.end);
  if (start === undefined && end === undefined) return undefined;
  return { low: start?.low ?? -Infinity, high: end?.high ?? Infinity };
}

/**
 * Only the outer limits of a Timing matter (R4 search, date): from the earliest event or bounds
 * start to the latest event or bounds end.
 */
function timingRange(value: unknown): OpenRange | undefined {
  const t = asObject(value);
  if (t === undefined) return undefined;
  const parts: OpenRange[] = [];
  if (Array.isArray(t.event)) {
    for (const e of t.event) {
      const r = pointRange(e);
      if (r !== undefined) parts.push(r);
    }
  }
  const bounds = periodRange(asObject(t.repeat)?.boundsPeriod);
  if (bounds !== undefined) parts.push(bounds);
  if (parts.length === 0) return undefined;
  return {
    low: Math.min(...parts.map((r) => r.low)),
    high: Math.max(...parts.map((r) => r.high)),
  };
}

/** The range a date-like value of `type` covers, or undefined when it is none. */
export function temporalRange(value: unknown, type: string): OpenRange | undefined {
  switch (type) {
    case 'date':
    case 'dateTime':
    case 'instant':
      return pointRange(value);
    case 'Period':
      return periodRange(value);
    case 'Timing':
      return timingRange(value);
    case 'Extension': {
      const inner = extensionValue(value);
      return inner === undefined ? undefined : temporalRange(inner.value, inner.type);
    }
    default:
      return undefined;
  }
}

/** The row form of a range: ISO instants, null for an unbounded side. */
export function dateBounds(range: OpenRange): { low: string | null; high: string | null } | undefined {
  const low = Number.isFinite(range.low) ? isoInstant(range.low) : null;
  const high = Number.isFinite(range.high) ? isoInstant(range.high) : null;
  if (low === undefined || high === undefined) return undefined;
  return { low, high };
}

/**
 * Date rows (R4 search, date): date, dateTime and instant at their precision, Period as
 * start..end, Timing as its outer limits. Other types (a `string` onset, an Age) have no dates.
 */
export function dateRows(param: string, value: unknown, type: string, out: DateRow[]): void {
  const range = temporalRange(value, type);
  const bounds = range === undefined ? undefined : dateBounds(range);
  if (bounds !== undefined) out.push({ param, low: bounds.low, high: bounds.high });
}
