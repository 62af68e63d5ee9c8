/** How a Reference.reference string reads: what it points at and how. */
export interface ReferenceParts {
  /** From the reference (`Patient/1`, `http://x/fhir/Patient/1`), else Reference.type. */
  targetType: string | null;
  /** Only for relative references: an absolute URL names a resource on another server. */
  targetId: string | null;
  targetVersion: string | null;
  /** Absolute URLs, URNs (`urn:uuid:…`) and anything else that is not `Type/id`. */
  url: string | null;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/;
const ABSOLUTE_TAIL = /\/([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Splits a reference string. `#contained` references give undefined: they point inside the
 * resource and are never indexed.
 */
export function referenceParts(reference: string, declaredType: string | null): ReferenceParts | undefined {
  if (reference === '' || reference.startsWith('#')) return undefined;
  const rel = RELATIVE.exec(reference);
  if (rel) {
    return { targetType: rel[1]!, targetId: rel[2]!, targetVersion: rel[3] ?? null, url: null };
  }
  const tail = ABSOLUTE_TAIL.exec(reference);
  return { targetType: tail?.[1] ?? declaredType, targetId: null, targetVersion: null, url: reference };
}

/**
 * The type of resource a Reference points at, as far as it can be told without fetching it: what
 * `resolve() is Patient` tests. Shared by native walkers and the fhirpath fallback's `resolve()`,
 * so both filter alike.
 */
export function referenceTargetType(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { reference?: unknown; type?: unknown }).reference;
  const declared = (value as { type?: unknown }).type;
  const type = typeof declared === 'string' ? declared : null;
  if (typeof ref === 'string') return referenceParts(ref, type)?.targetType ?? undefined;
  return type ?? undefined;
}
