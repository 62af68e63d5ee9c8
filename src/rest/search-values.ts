import { errors } from '../fhir/index.js';
import type { TokenValue } from '../store/index.js';

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

/** `system|code`, `|code`, `system|`, `code`. */
export function parseToken(param: string, raw: string): TokenValue {
  const parts = splitUnescaped(raw, '|');
  if (parts.length > 2) throw errors.invalidParameter(`${param}: a token has at most one unescaped "|".`);
  if (parts.length === 1) {
    if (parts[0] === '') throw errors.invalidParameter(`${param}: the value is empty.`);
    return { code: unescapeValue(parts[0]!) };
  }
  const [system, code] = parts as [string, string];
  const out: TokenValue = { system: system === '' ? null : unescapeValue(system) };
  if (code !== '') out.code = unescapeValue(code);
  if (system === '' && code === '') throw errors.invalidParameter(`${param}: "|" alone matches nothing.`);
  return out;
}

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A date search value with its prefix, as the half-open range of instants its precision covers
 * (`2024-03` covers March 2024). Dates without a zone are read as UTC.
 */
export function parseDateValue(
  param: string,
  raw: string,
): { prefix: DatePrefix; low: string; high: string } {
  let prefix: DatePrefix = 'eq';
  let value = raw;
  const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)/.exec(raw);
  if (m) {
    if (m[1] === 'sa' || m[1] === 'eb' || m[1] === 'ap') {
      throw errors.invalidParameter(`${param}: the prefix "${m[1]}" is not supported for this parameter.`);
    }
    prefix = m[1] as DatePrefix;
    value = raw.slice(2);
  }
  const d = DATE_PATTERN.exec(value);
  if (!d) throw errors.invalidParameter(`${param}: "${value.slice(0, 40)}" is not a FHIR date or dateTime.`);
  const [, y, mo, da, h, mi, s, frac, tz] = d;
  const zone = tz ?? 'Z';
  const start = `${y}-${mo ?? '01'}-${da ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}${zone}`;
  const low = new Date(start);
  const month = Number(mo ?? '01') - 1;
  const day = Number(da ?? '01');
  const calendar = new Date(Date.UTC(Number(y), month, day));
  if (Number.isNaN(low.getTime()) || calendar.getUTCMonth() !== month || calendar.getUTCDate() !== day) {
    throw errors.invalidParameter(`${param}: "${value.slice(0, 40)}" is not a real date.`);
  }
  const high = new Date(low);
  if (frac) high.setTime(low.getTime() + 1);
  else if (s) high.setUTCSeconds(high.getUTCSeconds() + 1);
  else if (mi) high.setUTCMinutes(high.getUTCMinutes() + 1);
  else if (da) high.setUTCDate(high.getUTCDate() + 1);
  else if (mo) high.setUTCMonth(high.getUTCMonth() + 1);
  else high.setUTCFullYear(high.getUTCFullYear() + 1);
  return { prefix, low: low.toISOString(), high: high.toISOString() };
}
