import { codeableConcept, codeSystemUri } from './code-systems.js';
import { leaf } from './hl7-message.js';
import type { Hl7Segment } from './hl7-message.js';
import type { MapContext } from './map-context.js';

type Json = Record<string, unknown>;

const UCUM = 'http://unitsofmeasure.org';
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/** OBX-6 units: a UCUM code when the sender says so (CWE-3 UCUM), otherwise only the unit text. */
export function units(obx: Hl7Segment): Json {
  const c = obx.composite(6);
  const code = leaf(c, 1);
  const text = leaf(c, 2) ?? code;
  if (code !== undefined && codeSystemUri(leaf(c, 3)) === UCUM) return { unit: text, system: UCUM, code };
  return text === undefined ? {} : { unit: text };
}

function decimal(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * OBX-5 by its value type (OBX-2) → `value[x]` members to spread into the Observation. Types FHIR R4's
 * Observation cannot hold (ED, for instance) get a dataAbsentReason rather than being made up.
 */
export function observationValue(ctx: MapContext, obx: Hl7Segment): Json {
  const type = (obx.value(2) ?? 'ST').toUpperCase();
  const reps = obx.repetitions(5);
  const first = reps[0];
  if (!first) return {};
  const where = `OBX (segment ${obx.sequence})`;
  if (reps.length > 1 && !['ST', 'TX', 'FT'].includes(type)) {
    ctx.warn(`${where}: OBX-5 repeats ${reps.length} times; only the first value was mapped.`);
  }
  switch (type) {
    case 'NM': {
      const text = leaf(first, 1) ?? '';
      const value = decimal(text);
      if (value !== undefined) return { valueQuantity: { value, ...units(obx) } };
      const m = /^(<=|>=|<|>)\s*(.+)$/.exec(text.trim());
      const bounded = m ? decimal(m[2]!) : undefined;
      if (m && bounded !== undefined) {
        return { valueQuantity: { value: bounded, comparator: m[1], ...units(obx) } };
      }
      ctx.warn(`${where}: an NM value is not a number; it was kept as text.`);
      return { valueString: text };
    }
    case 'SN':
      return structuredNumeric(ctx, obx, first, where);
    case 'ST':
    case 'TX':
    case 'FT': {
      const text = reps
        .map((r) =>
          r
            .map((sub) => sub.join('&'))
            .join('^')
            .trim(),
        )
        .join('\n');
      return text === '' ? {} : { valueString: text };
    }
    case 'CE':
    case 'CWE':
    case 'CNE':
    case 'CF': {
      const concept = codeableConcept(first);
      return concept ? { valueCodeableConcept: concept } : {};
    }
    case 'ID':
    case 'IS': {
      const code = leaf(first, 1);
      return code === undefined ? {} : { valueCodeableConcept: { coding: [{ code }], text: code } };
    }
    case 'DT':
    case 'TS':
    case 'DTM': {
      const when = ctx.dates.dateTime(leaf(first, 1));
      if (when !== undefined) return { valueDateTime: when };
      ctx.warn(`${where}: a ${type} value is not a valid HL7 date/time; it was kept as text.`);
      return { valueString: leaf(first, 1) ?? '' };
    }
    case 'TM': {
      const m = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?/.exec(leaf(first, 1) ?? '');
      if (m) return { valueTime: `${m[1]}:${m[2] ?? '00'}:${m[3] ?? '00'}${m[4] ?? ''}` };
      return { valueString: leaf(first, 1) ?? '' };
    }
    case 'RP':
      // A reference pointer (often a URL to an image or report held elsewhere): kept as its text.
      return leaf(first, 1) === undefined ? {} : { valueString: leaf(first, 1) };
    default:
      ctx.warn(
        `${where}: value type ${type.slice(0, 5)} cannot be held in an R4 Observation; no value was mapped.`,
      );
      return {
        dataAbsentReason: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unsupported' },
          ],
        },
      };
  }
}

/** SN: comparator^num1^separator/suffix^num2 → Quantity (with comparator), Range (`-`) or Ratio (`:` `/`). */
function structuredNumeric(
  ctx: MapContext,
  obx: Hl7Segment,
  sn: readonly (readonly string[])[],
  where: string,
): Json {
  const comparator = leaf(sn, 1);
  const n1 = decimal(leaf(sn, 2) ?? '');
  const separator = leaf(sn, 3);
  const n2 = decimal(leaf(sn, 4) ?? '');
  const u = units(obx);
  if (n1 !== undefined && n2 !== undefined && separator === '-') {
    return { valueRange: { low: { value: n1, ...u }, high: { value: n2, ...u } } };
  }
  if (n1 !== undefined && n2 !== undefined && (separator === ':' || separator === '/')) {
    return { valueRatio: { numerator: { value: n1 }, denominator: { value: n2 } } };
  }
  if (n1 !== undefined && separator === undefined) {
    const c = comparator === '=' ? undefined : comparator;
    if (c !== undefined && !COMPARATORS.has(c)) {
      ctx.warn(`${where}: SN comparator "${c.slice(0, 3)}" has no FHIR equivalent; it was dropped.`);
      return { valueQuantity: { value: n1, ...u } };
    }
    return { valueQuantity: { value: n1, ...(c !== undefined && { comparator: c }), ...u } };
  }
  const text = sn
    .map((sub) => sub.join('&'))
    .join('')
    .trim();
  ctx.warn(`${where}: an SN value could not be read as a number, range or ratio; it was kept as text.`);
  return text === '' ? {} : { valueString: text };
}

/** OBX-7 → referenceRange: `3.5-5.0`, `4.3 to 6.2`, `<5`, `>10`; anything else as text. */
export function referenceRange(obx: Hl7Segment): Json[] {
  const text = obx.value(7);
  if (text === undefined) return [];
  const u = units(obx);
  const range = /^\s*([+-]?\d*\.?\d+)\s*(?:-|–|to|_)\s*([+-]?\d*\.?\d+)\s*$/i.exec(text);
  if (range) {
    return [{ low: { value: Number(range[1]), ...u }, high: { value: Number(range[2]), ...u }, text }];
  }
  const bound = /^\s*(<=|>=|<|>)\s*([+-]?\d*\.?\d+)\s*$/.exec(text);
  if (bound) {
    const q = { value: Number(bound[2]), ...u };
    return [bound[1]!.startsWith('<') ? { high: q, text } : { low: q, text }];
  }
  return [{ text }];
}
