import { asObject, extensionValue, isPrimitiveType, objects, text } from './json-values.js';
import type { TokenRow } from './types.js';

function pushCoding(param: string, coding: unknown, out: TokenRow[]): void {
  const c = asObject(coding);
  if (c === undefined) return;
  const system = text(c.system);
  const code = text(c.code);
  const display = text(c.display);
  if (system !== null || code !== null || display !== null) out.push({ param, system, code, display });
}

/**
 * Token rows for one value, by data type (R4 search, token): Coding → system|code with its display;
 * CodeableConcept → each coding, and its text as a display-only row unless a coding already shows
 * that text; Identifier → system|value with the identifier type (for `:of-type`); ContactPoint →
 * its value; boolean → "true"/"false"; code, string, id, uri… → the code with no system.
 */
export function tokenRows(param: string, value: unknown, type: string, out: TokenRow[]): void {
  switch (type) {
    case 'Coding':
      pushCoding(param, value, out);
      return;
    case 'CodeableConcept': {
      const cc = asObject(value);
      if (cc === undefined) return;
      const codings = objects(cc.coding);
      for (const c of codings) pushCoding(param, c, out);
      const label = text(cc.text);
      if (label !== null && !codings.some((c) => c.display === label)) {
        out.push({ param, system: null, code: null, display: label });
      }
      return;
    }
    case 'Identifier': {
      const id = asObject(value);
      if (id === undefined) return;
      const system = text(id.system);
      const code = text(id.value);
      if (system === null && code === null) return;
      const typeCodings = objects(asObject(id.type)?.coding).filter((c) => text(c.code) !== null);
      if (typeCodings.length === 0) {
        out.push({ param, system, code, display: null, typeSystem: null, typeCode: null });
      }
      // One row per type coding: `:of-type` must match any of them.
      for (const t of typeCodings) {
        out.push({ param, system, code, display: null, typeSystem: text(t.system), typeCode: text(t.code) });
      }
      return;
    }
    case 'ContactPoint': {
      const code = text(asObject(value)?.value);
      if (code !== null) out.push({ param, system: null, code, display: null });
      return;
    }
    case 'boolean':
      if (typeof value === 'boolean') out.push({ param, system: null, code: String(value), display: null });
      return;
    case 'Extension': {
      const inner = extensionValue(value);
      if (inner !== undefined) tokenRows(param, inner.value, inner.type, out);
      return;
    }
    default: {
      if (!isPrimitiveType(type)) return;
      const code = typeof value === 'number' ? String(value) : text(value);
      if (code !== null) out.push({ param, system: null, code, display: null });
    }
  }
}
