/**
 * `lowBoundary()` / `highBoundary()` (experimental in SQL-on-FHIR). The engine computes them, but for a
 * dateTime without a timezone it leaves the zone out, where FHIRPath (and the suite) take the widest
 * one: +14:00 for the low boundary, -12:00 for the high. This wraps the engine's functions to add it.
 */
import fhirpath from 'fhirpath';
import type { UserInvocationTable } from 'fhirpath';
import { r4Model } from './fhir-model.js';

const DATE_TIME_TYPES = new Set(['FHIR.dateTime', 'FHIR.instant', 'System.DateTime']);
const HAS_ZONE = /(Z|[+-][0-9]{2}:[0-9]{2})$/;

function boundary(name: 'lowBoundary' | 'highBoundary', zone: string) {
  return (inputs: unknown[], precision?: number): unknown[] =>
    inputs.flatMap((input) => {
      const call = precision === undefined ? `${name}()` : `${name}(${Math.trunc(precision)})`;
      const out = fhirpath.evaluate(input, call, {}, r4Model, { resolveInternalTypes: false }) as unknown[];
      if (!DATE_TIME_TYPES.has(fhirpath.types([input])[0] ?? '')) return out;
      return out.map((v) => {
        const text = String(v);
        if (!text.includes('T') || HAS_ZONE.test(text)) return v;
        return (
          fhirpath.evaluate({}, `@${text}${zone}`, {}, r4Model, { resolveInternalTypes: false }) as unknown[]
        )[0];
      });
    });
}

export const boundaryFunctions: UserInvocationTable = {
  lowBoundary: {
    fn: boundary('lowBoundary', '+14:00'),
    arity: { 0: [], 1: ['Integer'] },
    internalStructures: true,
  },
  highBoundary: {
    fn: boundary('highBoundary', '-12:00'),
    arity: { 0: [], 1: ['Integer'] },
    internalStructures: true,
  },
};
