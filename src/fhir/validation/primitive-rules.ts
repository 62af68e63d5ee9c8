import type { JsonKind, PrimitiveDefinition } from './structure-model.js';

/** FHIR integer is 32-bit (datatypes.html#integer); the definitions' regexes do not bound it. */
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export interface PrimitiveRule {
  readonly name: string;
  readonly json: JsonKind;
  readonly integer: boolean;
  /** The definition's regex, compiled once per validator, never per value. */
  readonly pattern: RegExp | undefined;
  /** Tests a string value; the regex itself except where that cannot cope with long values. */
  readonly matches: ((value: string) => boolean) | undefined;
  readonly maxLength: number;
}

export type PrimitiveProblem = 'json-type' | 'empty' | 'too-long' | 'format' | 'range' | 'control-character';

/**
 * R4 strings "SHALL NOT contain Unicode character points below 32, except for u0009 (horizontal tab),
 * u0010 (carriage return) and u0013 (line feed)" (datatypes.html#string). NUL also cannot be stored.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export function compilePrimitiveRules(defs: Record<string, PrimitiveDefinition>): Map<string, PrimitiveRule> {
  const rules = new Map<string, PrimitiveRule>();
  for (const [name, def] of Object.entries(defs)) {
    const pattern = def.pattern === undefined ? undefined : new RegExp(def.pattern);
    const matches =
      name === 'base64Binary'
        ? isBase64Binary
        : pattern === undefined
          ? undefined
          : (s: string) => pattern.test(s);
    rules.set(name, {
      name,
      json: def.json,
      integer: def.integer === true,
      pattern,
      matches,
      maxLength: def.maxLength ?? Infinity,
    });
  }
  return rules;
}

/** Checks one non-null JSON value against a primitive type; undefined means valid. */
export function checkPrimitive(rule: PrimitiveRule, value: unknown): PrimitiveProblem | undefined {
  if (typeof value !== rule.json) return 'json-type';
  if (rule.json === 'string') {
    const s = value as string;
    if (s.length === 0) return 'empty';
    if (s.length > rule.maxLength) return 'too-long';
    if (CONTROL_CHARACTER.test(s)) return 'control-character';
    if (rule.matches !== undefined && !rule.matches(s)) return 'format';
    return undefined;
  }
  if (rule.json === 'number') {
    const n = value as number;
    // JSON.parse turns 1e400 into Infinity; FHIR decimals are finite.
    if (!Number.isFinite(n)) return 'range';
    if (rule.integer) {
      if (!Number.isInteger(n)) return 'format';
      if (n < INT32_MIN || n > INT32_MAX) return 'range';
      // The regex carries the sign rules of positiveInt / unsignedInt.
      if (rule.pattern !== undefined && !rule.pattern.test(String(n))) return 'format';
    }
  }
  return undefined;
}

/**
 * The language of the base64Binary regex `(\s*([0-9a-zA-Z\+/=]){4}\s*)+`: groups of four alphabet
 * characters, XML whitespace only between groups. Scanned by hand because V8's backtracking regex
 * engine overflows its stack on that pattern for attachments of a few hundred kilobytes. The tests
 * check this against the definition's own regex.
 */
export function isBase64Binary(s: string): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (n % 4 !== 0) return false;
    } else if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 43 /* + */ ||
      c === 47 /* / */ ||
      c === 61 /* = */
    ) {
      n++;
    } else {
      return false;
    }
  }
  return n > 0 && n % 4 === 0;
}
