import { decimalRange } from './decimal-range.js';
import { asObject, extensionValue, isPrimitiveType, text } from './json-values.js';
import type { NumberRow, QuantityRow } from './types.js';

/**
 * A side of a Range that is absent is unbounded. PostgreSQL's numeric (14+) reads these two
 * strings, so the row keeps its string columns.
 */
const OPEN_LOW = '-Infinity';
const OPEN_HIGH = 'Infinity';

const ISO_4217 = 'urn:iso:std:iso:4217';

/** Quantity and the R4 data types profiled on it. */
const QUANTITY_TYPES: ReadonlySet<string> = new Set([
  'Quantity',
  'Age',
  'Count',
  'Distance',
  'Duration',
  'SimpleQuantity',
  'MoneyQuantity',
]);

/** A Range's bounds are stated, not implied: [low.value, high.value], open where absent. */
function rangeBounds(value: unknown): { value: string; low: string; high: string; q: unknown } | undefined {
  const r = asObject(value);
  if (r === undefined) return undefined;
  const low = asObject(r.low);
  const high = asObject(r.high);
  const lowValue = typeof low?.value === 'number' ? decimalRange(low.value) : undefined;
  const highValue = typeof high?.value === 'number' ? decimalRange(high.value) : undefined;
  if (lowValue === undefined && highValue === undefined) return undefined;
  return {
    // The row needs one value; a Range's nearest to a single value is where it starts.
    value: (lowValue ?? highValue)!.value,
    low: lowValue?.value ?? OPEN_LOW,
    high: highValue?.value ?? OPEN_HIGH,
    q: lowValue === undefined ? high : low,
  };
}

/**
 * Number rows (R4 search, number): decimals and integers with their implicit precision range; a
 * Range (RiskAssessment.probability) with its stated bounds.
 */
export function numberRows(param: string, value: unknown, type: string, out: NumberRow[]): void {
  if (type === 'Range') {
    const r = rangeBounds(value);
    if (r !== undefined) out.push({ param, value: r.value, low: r.low, high: r.high });
    return;
  }
  if (type === 'Extension') {
    const inner = extensionValue(value);
    if (inner !== undefined) numberRows(param, inner.value, inner.type, out);
    return;
  }
  if (!isPrimitiveType(type) || typeof value !== 'number') return;
  const d = decimalRange(value);
  if (d !== undefined) out.push({ param, value: d.value, low: d.low, high: d.high });
}

/**
 * Quantity rows (R4 search, quantity): Quantity and its profiles (Age, Duration, …) with the
 * implicit precision range of the value; Money with its ISO 4217 currency as the code; Range with
 * its stated bounds. SampledData has no single value and is not indexed.
 */
export function quantityRows(param: string, value: unknown, type: string, out: QuantityRow[]): void {
  if (type === 'Range') {
    const r = rangeBounds(value);
    if (r === undefined) return;
    const q = asObject(r.q);
    out.push({
      param,
      value: r.value,
      low: r.low,
      high: r.high,
      system: text(q?.system),
      code: text(q?.code),
      unit: text(q?.unit),
    });
    return;
  }
  if (type === 'Extension') {
    const inner = extensionValue(value);
    if (inner !== undefined) quantityRows(param, inner.value, inner.type, out);
    return;
  }
  const q = asObject(value);
  if (q === undefined || typeof q.value !== 'number') return;
  const d = decimalRange(q.value);
  if (d === undefined) return;
  if (type === 'Money') {
    const currency = text(q.currency);
    out.push({ param, ...d, system: currency === null ? null : ISO_4217, code: currency, unit: null });
  } else if (QUANTITY_TYPES.has(type)) {
    out.push({ param, ...d, system: text(q.system), code: text(q.code), unit: text(q.unit) });
  }
}
