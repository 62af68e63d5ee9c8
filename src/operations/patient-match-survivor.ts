import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import type { ResourceStore } from '../store/index.js';

/** Merges chain rarely; a longer chain (or a loop) is a data problem, not a reason to read forever. */
const MAX_HOPS = 5;

/** The Patient id a `replaced-by` link points to (`Patient/x`, or an absolute URL ending so). */
function replacedBy(patient: FhirResource): string | undefined {
  const links = Array.isArray(patient.link) ? patient.link.filter(isObject) : [];
  for (const l of links) {
    if (l.type !== 'replaced-by' || !isObject(l.other) || typeof l.other.reference !== 'string') continue;
    const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(l.other.reference);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/**
 * The record that a merged-away Patient now lives on: `link.type = replaced-by` followed to a record
 * without one. A merged record is never returned itself (it is a tombstone of the merge); its
 * demographics still count, since a caller may hold the old details. Undefined when the chain leads to
 * a missing or deleted record, or loops.
 */
export async function survivorOf(
  store: ResourceStore,
  patient: FhirResource,
): Promise<FhirResource | undefined> {
  let current = patient;
  const seen = new Set<string>([String(patient.id)]);
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const next = replacedBy(current);
    if (next === undefined) return current;
    if (seen.has(next)) return undefined;
    seen.add(next);
    const stored = await store.read('Patient', next);
    if (stored === undefined || stored.deleted || stored.content === undefined) return undefined;
    current = JSON.parse(stored.content) as FhirResource;
  }
  return undefined;
}
