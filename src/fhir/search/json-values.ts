/** Small readers for untrusted FHIR JSON: a wrong JSON type reads as absent, never as an error. */

export type Json = Record<string, unknown>;

export function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** A non-empty string, else null. */
export function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The non-empty strings of a repeating element. */
export function texts(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) if (typeof x === 'string' && x !== '') out.push(x);
  return out;
}

export function objects(v: unknown): Json[] {
  if (!Array.isArray(v)) return [];
  const out: Json[] = [];
  for (const x of v) {
    const o = asObject(x);
    if (o !== undefined) out.push(o);
  }
  return out;
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'base64Binary',
  'boolean',
  'canonical',
  'code',
  'date',
  'dateTime',
  'decimal',
  'id',
  'instant',
  'integer',
  'markdown',
  'oid',
  'positiveInt',
  'string',
  'time',
  'unsignedInt',
  'uri',
  'url',
  'uuid',
  'xhtml',
]);

export function isPrimitiveType(type: string): boolean {
  return PRIMITIVES.has(type);
}

/**
 * The value of an Extension with its type, read from the `value[x]` key. A search parameter whose
 * expression stops at `extension('url')` indexes what the extension carries.
 */
export function extensionValue(ext: unknown): { value: unknown; type: string } | undefined {
  const o = asObject(ext);
  if (o === undefined) return undefined;
  for (const key in o) {
    if (key.length > 5 && key.startsWith('value')) {
      const suffix = key.slice(5);
      const lower = suffix.charAt(0).toLowerCase() + suffix.slice(1);
      return { value: o[key], type: isPrimitiveType(lower) ? lower : suffix };
    }
  }
  return undefined;
}
