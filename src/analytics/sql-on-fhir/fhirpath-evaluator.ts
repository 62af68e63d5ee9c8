/**
 * FHIRPath evaluation for the in-memory runner: HL7's `fhirpath` engine with the R4 model, each
 * expression compiled once per view, plus the functions SQL-on-FHIR adds (`getResourceKey`,
 * `getReferenceKey`). Results stay in the engine's typed form so that a `forEach` item keeps its FHIR
 * type when nested expressions are evaluated against it.
 */
import fhirpath from 'fhirpath';
import type { UserInvocationTable } from 'fhirpath';
import { errors } from '../../fhir/index.js';
import { boundaryFunctions } from './fhirpath-boundaries.js';
import { r4Model } from './fhir-model.js';
import { referenceKey, resourceKey } from './reference-key.js';
import type { ViewConstant, ViewExpression } from './view-definition.js';

/** Evaluates one expression against a focus (a resource, an engine node, or `[]` for no focus). */
export type Evaluate = (focus: unknown, vars: EvalVars) => unknown[];

/** Variables of one evaluation: `%rowIndex` and the resource under evaluation; constants are inherited. */
export interface EvalVars {
  rowIndex: number;
  resource: unknown;
  rootResource: unknown;
}

const userInvocationTable: UserInvocationTable = {
  ...boundaryFunctions,
  getResourceKey: {
    fn: (inputs: unknown[]) => inputs.map(resourceKey).filter((k) => k !== undefined),
    arity: { 0: [] },
  },
  // The engine's join() of nothing is empty; the SQL-on-FHIR suite expects '' (fhirpath.json, "string join").
  join: {
    fn: (inputs: unknown[], separator?: string) => [inputs.map(String).join(separator ?? '')],
    arity: { 0: [], 1: ['String'] },
  },
  getReferenceKey: {
    fn: (inputs: unknown[], type?: { name?: string }) =>
      inputs.map((r) => referenceKey(r, type?.name)).filter((k) => k !== undefined),
    arity: { 0: [], 1: ['TypeSpecifier'] },
  },
};

/** The FHIRPath literal of a temporal constant; the validator has already checked the text. */
function temporalLiteral(c: ViewConstant): string | undefined {
  const v = String(c.value);
  switch (c.fhirType) {
    case 'date':
    case 'instant':
      return `@${v}`;
    case 'dateTime':
      return v.includes('T') ? `@${v}` : `@${v}T`;
    case 'time':
      return `@T${v}`;
    case 'integer64':
      return `${v}L`;
    default:
      return undefined;
  }
}

/**
 * The typed value of each constant. Temporal values go through the engine's own literal parser so
 * that `birthDate = %bd` compares dates, not a date with a string.
 */
function constantValues(constants: Map<string, ViewConstant>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of constants.values()) {
    const literal = temporalLiteral(c);
    out[c.name] = literal
      ? (fhirpath.evaluate({}, literal, {}, r4Model, { resolveInternalTypes: false }) as unknown[])[0]
      : c.value;
  }
  return out;
}

export interface ViewEvaluator {
  compile(expression: ViewExpression): Evaluate;
  /** The variables for one evaluation; constants come through the prototype, so this is cheap. */
  vars(resource: unknown, rowIndex: number): EvalVars;
}

export function createViewEvaluator(constants: Map<string, ViewConstant>): ViewEvaluator {
  const base = constantValues(constants);
  return {
    compile(expression) {
      const fn = fhirpath.compile(expression.text, r4Model, {
        resolveInternalTypes: false,
        userInvocationTable,
      });
      return (focus, vars) => {
        try {
          return fn(focus, vars as unknown as Record<string, unknown>) as unknown[];
        } catch (e) {
          const reason = e instanceof Error ? e.message.split('\n')[0] : 'evaluation failed';
          throw errors.badRequest(`FHIRPath evaluation failed: ${reason}`, [expression.at]);
        }
      };
    },
    vars(resource, rowIndex) {
      const v = Object.create(base) as EvalVars;
      v.rowIndex = rowIndex;
      v.resource = resource;
      v.rootResource = resource;
      return v;
    },
  };
}

/** Plain JSON values of an evaluation result (dates as their text, decimals as numbers). */
export function plainValues(result: unknown[]): unknown[] {
  return fhirpath.resolveInternalTypes(result) as unknown[];
}
