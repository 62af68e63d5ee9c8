import type { PrimitiveRule } from './primitive-rules.js';

/**
 * Recognises the reference forms of references.html#literal: relative `Type/id` (optionally
 * `/_history/vid`), absolute http(s) URLs, local `#id` (a bare `#` is the container), and the
 * `urn:uuid:` / `urn:oid:` forms used inside bundles. The id, uuid and oid rules are the primitive
 * types' regexes from the definitions, so nothing about their syntax is repeated here.
 */
export function createReferenceShapeCheck(
  resourceTypes: ReadonlySet<string>,
  primitives: ReadonlyMap<string, PrimitiveRule>,
): (reference: string) => boolean {
  const id = patternOf(primitives, 'id');
  const uuid = patternOf(primitives, 'uuid');
  const oid = patternOf(primitives, 'oid');
  const absolute = /^https?:\/\/[^\s/?#]+\S*$/;

  return (reference) => {
    const first = reference.charCodeAt(0);
    if (first === 35 /* # */) return reference.length === 1 || id.test(reference.slice(1));
    if (reference.startsWith('urn:uuid:')) return uuid.test(reference);
    if (reference.startsWith('urn:oid:')) return oid.test(reference);
    if (reference.startsWith('http://') || reference.startsWith('https://')) return absolute.test(reference);
    const slash = reference.indexOf('/');
    if (slash < 0 || !resourceTypes.has(reference.slice(0, slash))) return false;
    const rest = reference.slice(slash + 1);
    const history = rest.indexOf('/_history/');
    if (history < 0) return id.test(rest);
    return id.test(rest.slice(0, history)) && id.test(rest.slice(history + 10));
  };
}

function patternOf(primitives: ReadonlyMap<string, PrimitiveRule>, name: string): RegExp {
  const pattern = primitives.get(name)?.pattern;
  if (pattern === undefined) throw new Error(`the structure model has no regex for ${name}`);
  return pattern;
}
