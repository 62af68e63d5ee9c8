/** A decimal and the range its written precision implies, all as plain decimal strings. */
export interface DecimalRange {
  value: string;
  low: string;
  high: string;
}

/** `digits × 10^-scale` as a decimal string without exponent. */
function formatScaled(digits: bigint, scale: number): string {
  const negative = digits < 0n;
  let s = (negative ? -digits : digits).toString();
  if (scale <= 0) s = s === '0' ? '0' : s + '0'.repeat(-scale);
  else {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return negative ? `-${s}` : s;
}

/**
 * The implicit range of a decimal (R4 search, number): half a unit of its last significant digit
 * either side, so 100 → [99.5, 100.5) and 1.5 → [1.45, 1.55). Bounds are computed on digits, not
 * floats, so they are exact. A JSON number has already lost trailing zeros (1.50 reads as 1.5).
 */
export function decimalRange(value: number | string): DecimalRange | undefined {
  const written = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(written);
  if (m === null) return undefined;
  const fraction = m[3] ?? '';
  const scale = fraction.length - Number(m[4] ?? 0);
  const magnitude = BigInt(m[2]! + fraction);
  const digits = m[1] === '-' ? -magnitude : magnitude;
  const lowDigits = digits * 10n - 5n;
  const highDigits = digits * 10n + 5n;
  return {
    value: formatScaled(digits, scale),
    low: formatScaled(lowDigits, scale + 1),
    high: formatScaled(highDigits, scale + 1),
  };
}
