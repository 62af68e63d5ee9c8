import { isObject } from '../fhir/index.js';

/**
 * Rewrites every `Reference.reference` in a resource (in place) through `map`; returning undefined
 * keeps the reference as it is. Contained resources are walked too.
 */
export function rewriteReferences(node: unknown, map: (reference: string) => string | undefined): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteReferences(item, map);
    return;
  }
  if (!isObject(node)) return;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (key === 'reference' && typeof value === 'string') {
      const next = map(value);
      if (next !== undefined) node[key] = next;
    } else if (typeof value === 'object' && value !== null) {
      rewriteReferences(value, map);
    }
  }
}

/** All `Reference.reference` strings in a resource. */
export function collectReferences(node: unknown, into: string[] = []): string[] {
  rewriteReferences(node, (r) => {
    into.push(r);
    return undefined;
  });
  return into;
}
