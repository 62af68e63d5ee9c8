import { errors } from '../operation-outcome.js';
import { isValidId } from '../ids.js';
import type { Prefix, QuantityValue, RangeValue, ReferenceValue, TokenValue } from './types.js';

/** Splits on a separator that is not escaped with `\` (FHIR search escaping), keeping escapes. */
export function splitUnescaped(value: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      current += c + value[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

export function unescapeValue(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}

function invalid(param: string, message: string) {
  return errors.invalidParameter(`${param}: ${message}`);
}

/** `system|code`, `|code`, `system|`, `code`. */
export function parseToken(param: string, raw: string): TokenValue {
  const parts = splitUnescaped(raw, '|');
  if (parts.length > 2) throw invalid(param, 'a token has at most one unescaped "|".');
  if (parts.length === 1) {
    if (parts[0] === '') throw invalid(param, 'the value is empty.');
    return { code: unescapeValue(parts[0]!) };
  }
  const [system, code] = parts as [string, string];
  if (system === '' && code === '') throw invalid(param, '"|" alone matches nothing.');
  const out: TokenValue = { system: system === '' ? null : unescapeValue(system) };
  if (code !== '') out.code = unescapeValue(code);
  return out;
}

const PREFIXES = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

function splitPrefix(raw: string): [Prefix, string] {
  const p = raw.slice(0, 2);
  if (PREFIXES.has(p) && raw.length > 2 && !/^[a-z]/.test(raw.slice(2))) return [p as Prefix, raw.slice(2)];
  return ['eq', raw];
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A date search value with its prefix, as the half-open range of instants its precision covers
 * (`2024-03` covers March 2024). Dates without a zone are read as UTC.
 */
export function parseDate(param: string, raw: string): RangeValue {
  const [prefix, value] = splitPrefix(raw);
  const d = DATE_PATTERN.exec(value);
  if (!d) throw invalid(param, `"${value.slice(0, 40)}" is not a FHIR date or dateTime.`);
  const [, y, mo, da, h, mi, s, frac, tz] = d;
  const start = `${y}-${mo ?? '01'}-${da ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}${tz ?? 'Z'}`;
  const low = new Date(start);
  const month = Number(mo ?? '01') - 1;
  const day = Number(da ?? '01');
  const calendar = new Date(Date.UTC(Number(y), month, day));
  if (Number.isNaN(low.getTime()) || calendar.getUTCMonth() !== month || calendar.getUTCDate() !== day) {
    throw invalid(param, `"${value.slice(0, 40)}" is not a real date.`);
  }
  const high = new Date(low);
  if (frac) high.setTime(low.getTime() + 1);
  else if (s) high.setUTCSeconds(high.getUTCSeconds() + 1);
  else if (mi) high.setUTCMinutes(high.getUTCMinutes() + 1);
  else if (da) high.setUTCDate(high.getUTCDate() + 1);
  else if (mo) high.setUTCMonth(high.getUTCMonth() + 1);
  else high.setUTCFullYear(high.getUTCFullYear() + 1);
  return { prefix, value: low.toISOString(), low: low.toISOString(), high: high.toISOString() };
}

const DECIMAL_PATTERN = /^([-+]?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

/**
 * A number with the range its precision implies (`100` is 99.5 to 100.5; `1e2` is 50 to 150), in
 * exact decimal arithmetic so no binary rounding creeps into the bounds.
 */
export function parseNumber(param: string, raw: string): RangeValue {
  const [prefix, value] = splitPrefix(raw);
  const m = DECIMAL_PATTERN.exec(value);
  if (!m || value.length > 40) throw invalid(param, `"${value.slice(0, 40)}" is not a number.`);
  const [, sign, int, frac = '', exp] = m;
  let digits = BigInt(`${int}${frac}`);
  if (sign === '-') digits = -digits;
  // value = digits * 10^(-scale); half a unit of its last digit either side is its precision range.
  const scale = frac.length - Number(exp ?? 0);
  const unitDigits = digits * 10n;
  const shift = scale + 1;
  const low = formatScaled(unitDigits - 5n, shift);
  const high = formatScaled(unitDigits + 5n, shift);
  return { prefix, value: formatScaled(digits, scale), low, high };
}

function formatScaled(n: bigint, scale: number): string {
  if (scale <= 0) return (n * 10n ** BigInt(-scale)).toString();
  const negative = n < 0n;
  const s = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const out = `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, '');
  return `${negative && out !== '0' ? '-' : ''}${out}`;
}

/** `[prefix]number[|system|code]`, or `number||unit`. */
export function parseQuantity(param: string, raw: string): QuantityValue {
  const parts = splitUnescaped(raw, '|');
  if (parts.length !== 1 && parts.length !== 3)
    throw invalid(param, 'a quantity is number, or number|system|code.');
  const n = parseNumber(param, parts[0]!);
  const out: QuantityValue = { ...n };
  if (parts.length === 3) {
    if (parts[1] !== '') out.system = unescapeValue(parts[1]!);
    if (parts[2] !== '') out.code = unescapeValue(parts[2]!);
  }
  return out;
}

/**
 * `Type/id`, `id`, `Type/id/_history/v`, an absolute URL (local when under `base`), or a canonical
 * `url|version`.
 */
export function parseReference(
  param: string,
  raw: string,
  isResourceType: (t: string) => boolean,
  base?: string,
  typeModifier?: string,
): ReferenceValue {
  let value = unescapeValue(raw);
  if (value === '') throw invalid(param, 'the value is empty.');
  if (typeModifier) {
    if (!isValidId(value)) throw invalid(param, `"${value.slice(0, 64)}" is not a valid id.`);
    return { targetType: typeModifier, id: value };
  }
  if (base && value.startsWith(`${base}/`)) value = value.slice(base.length + 1);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    const [url, version] = value.split('|', 2) as [string, string | undefined];
    return version ? { url, version } : { url };
  }
  const parts = value.split('/');
  if (parts.length === 1) {
    if (!isValidId(value)) throw invalid(param, `"${value.slice(0, 64)}" is not a valid id.`);
    return { id: value };
  }
  const [type, id, history, version] = parts as [string, string, string?, string?];
  if (
    !isResourceType(type) ||
    !isValidId(id) ||
    (parts.length !== 2 && !(parts.length === 4 && history === '_history' && version))
  ) {
    throw invalid(param, `"${value.slice(0, 64)}" is not a reference such as Patient/123.`);
  }
  return version ? { targetType: type, id, version } : { targetType: type, id };
}
