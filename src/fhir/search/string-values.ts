import { asObject, extensionValue, isPrimitiveType, objects, text, texts } from './json-values.js';
import type { StringRow } from './types.js';

const NAME_PARTS = ['family', 'given', 'prefix', 'suffix', 'text'] as const;
const ADDRESS_PARTS = ['line', 'city', 'district', 'state', 'postalCode', 'country', 'text'] as const;

function pushParts(param: string, value: unknown, parts: readonly string[], out: StringRow[]): void {
  const o = asObject(value);
  if (o === undefined) return;
  for (const part of parts) {
    const v = o[part];
    if (Array.isArray(v)) for (const s of texts(v)) out.push({ param, value: s });
    else {
      const s = text(v);
      if (s !== null) out.push({ param, value: s });
    }
  }
}

/**
 * String rows for one value (R4 search, string): the original text, left for the store to
 * normalise. HumanName → family, each given, prefix, suffix, text; Address → each line, city,
 * district, state, postalCode, country, text.
 */
export function stringRows(param: string, value: unknown, type: string, out: StringRow[]): void {
  switch (type) {
    case 'HumanName':
      pushParts(param, value, NAME_PARTS, out);
      return;
    case 'Address':
      pushParts(param, value, ADDRESS_PARTS, out);
      return;
    // Not in the spec's table; reached through extensions (geneticsAminoAcidChangeName), where the
    // human-readable parts are what a string search can mean.
    case 'Coding':
      pushParts(param, value, ['display'], out);
      return;
    case 'CodeableConcept': {
      pushParts(param, value, ['text'], out);
      for (const c of objects(asObject(value)?.coding)) pushParts(param, c, ['display'], out);
      return;
    }
    case 'Extension': {
      const inner = extensionValue(value);
      if (inner !== undefined) stringRows(param, inner.value, inner.type, out);
      return;
    }
    default: {
      const s = isPrimitiveType(type) ? text(value) : null;
      if (s !== null) out.push({ param, value: s });
    }
  }
}
