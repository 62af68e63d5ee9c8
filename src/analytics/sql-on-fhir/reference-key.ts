/**
 * `getResourceKey()` / `getReferenceKey([type])`: Heartwood's key of a resource is its logical id, so a
 * reference key is the id part of a literal reference. One definition serves both runners: a reference
 * qualifies when it matches one of the patterns below (written in the syntax JavaScript and PostgreSQL
 * share, and passed to PostgreSQL verbatim), and the id is then cut out by position — PostgreSQL runs
 * a pattern without capture groups several times faster than one that has to report a group.
 */

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

/**
 * `Type/id`, optionally absolute (`https://server/fhir/Type/id`) and/or versioned (`…/_history/2`).
 * With `type`, only references to that resource type match.
 */
export function literalReferencePattern(type?: string): string {
  if (type !== undefined && !RESOURCE_TYPE.test(type)) throw new Error(`Not a resource type: ${type}`);
  // No bounded repetitions ({1,64}): PostgreSQL's engine expands them into states it rebuilds per row,
  // which made this test cost more than the rest of a typical view. Lengths are the store's concern.
  const t = type ?? '[A-Z][A-Za-z]+';
  return `^([A-Za-z][A-Za-z0-9+.-]*://[^?#]*/)?${t}/[A-Za-z0-9.-]+(/_history/[A-Za-z0-9.-]+)?$`;
}

/** A bundle-local reference (`urn:uuid:` and hex digits), as in transaction bundles written unchanged. */
export const UUID_REFERENCE_PATTERN = '^urn:uuid:[0-9A-Fa-f-]+$';
/** Where the id starts in a `urn:uuid:` reference (1-based, as SQL counts). */
export const UUID_ID_START = 10;

const anyLiteral = new RegExp(literalReferencePattern());
const uuid = new RegExp(UUID_REFERENCE_PATTERN);

/**
 * The key a Reference points at, or undefined. With `type`, only references to that resource type
 * count; a `urn:uuid:` reference has a type only when the Reference carries `type`.
 */
export function referenceKey(reference: unknown, type?: string): string | undefined {
  if (typeof reference !== 'object' || reference === null) return undefined;
  const r = reference as { reference?: unknown; type?: unknown };
  const ref = r.reference;
  if (typeof ref !== 'string') return undefined;
  if (uuid.test(ref)) return type === undefined || r.type === type ? ref.slice(UUID_ID_START - 1) : undefined;
  if (!anyLiteral.test(ref)) return undefined;
  // The id is the last segment, or the third from last before `_history/<version>`.
  const segments = ref.split('/');
  const at = segments.at(-2) === '_history' ? segments.length - 3 : segments.length - 1;
  return type === undefined || segments[at - 1] === type ? segments[at] : undefined;
}

/** The key of a resource: its id. */
export function resourceKey(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const r = resource as { resourceType?: unknown; id?: unknown };
  return typeof r.resourceType === 'string' && typeof r.id === 'string' ? r.id : undefined;
}
