import fhirpath from 'fhirpath';
import type { UserInvocationTable } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { Sink, Walker } from './path-compiler.js';
import { unionMembers } from './expression-members.js';
import { fallbackExpression } from './fhirpath-subset.js';
import { referenceTargetType } from './reference-parts.js';

/** The fhirpath library's R4 type hierarchy (Age → Quantity, canonical → uri, …). */
export const R4_TYPE_PARENTS: Readonly<Record<string, string>> = r4.type2Parent;

const SYSTEM_TYPES: Readonly<Record<string, string>> = {
  'System.String': 'string',
  'System.Boolean': 'boolean',
  'System.Integer': 'integer',
  'System.Decimal': 'decimal',
  'System.Date': 'date',
  'System.DateTime': 'dateTime',
  'System.Time': 'time',
  'System.Quantity': 'Quantity',
};

interface NodeLike {
  path?: unknown;
}

/**
 * `resolve()` without a server: a stub resource of the type the reference names, which is all that
 * `where(resolve() is Patient)` needs. The library's own resolve() fetches over HTTP. A result must
 * be one of the library's ResourceNodes for `is` to see its type; the class is not exported, so it
 * is reached through the input node's constructor.
 */
const resolveStub: UserInvocationTable[string] = {
  internalStructures: true,
  arity: { 0: [] },
  fn(this: unknown, inputs: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const input of inputs) {
      const type = referenceTargetType(fhirpath.util.valData(input));
      const ctor = (input as { constructor?: { makeResNode?: (...args: unknown[]) => unknown } }).constructor;
      if (type !== undefined && ctor?.makeResNode !== undefined) {
        out.push(ctor.makeResNode(this, { resourceType: type }, null, null, null, null));
      }
    }
    return out;
  },
};

/** FHIR's `hasExtension(url)`, which the library does not implement. */
const hasExtension: UserInvocationTable[string] = {
  arity: { 1: ['String'] },
  fn: (inputs: unknown[], url: unknown): boolean[] => [
    inputs.some((i) => {
      const ext = (i as { extension?: unknown } | null)?.extension;
      return Array.isArray(ext) && ext.some((e) => (e as { url?: unknown } | null)?.url === url);
    }),
  ],
};

const OPTIONS = {
  resolveInternalTypes: false,
  userInvocationTable: { resolve: resolveStub, hasExtension },
};

/** The type a result node has, in the names native walkers report. */
function nodeType(node: unknown, libraryType: string | undefined): string {
  const t = libraryType ?? '';
  if (t === 'FHIR.BackboneElement' || t === 'FHIR.Element') {
    const path = (node as NodeLike).path;
    if (typeof path === 'string') return path;
  }
  return SYSTEM_TYPES[t] ?? t.replace(/^FHIR\./, '');
}

/**
 * Compiles `expression` once with the fhirpath library and returns a walker fed like a native one.
 * `base` is the element path the expression is relative to (composite components); the indexed
 * resource is passed as `%resource`. Top-level union members are compiled separately: the
 * library's `|` drops values it deems equal (it finds 1e-245 g equal to 1e-22 g), while rows are
 * de-duplicated exactly afterwards.
 */
export function compileFallback<O>(
  expression: string,
  sink: Sink<O>,
  rootOf: (out: O) => unknown,
  base?: string,
): Walker<O> {
  const fns = unionMembers(expression).map((member) => {
    const source = fallbackExpression(member);
    return fhirpath.compile(base === undefined ? source : { base, expression: source }, r4, OPTIONS);
  });
  return (focus, out) => {
    const env = { resource: rootOf(out) };
    for (const fn of fns) {
      const nodes = fn(focus, env) as unknown[];
      const types = fhirpath.types(nodes);
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        let value: unknown = fhirpath.util.valData(node);
        // Numbers come back wrapped; the JSON they were read from held a plain number.
        if (value instanceof fhirpath.FP_Decimal) value = value.toNumber();
        if (value !== null && value !== undefined) sink(value, nodeType(node, types[i]), out);
      }
    }
  };
}
