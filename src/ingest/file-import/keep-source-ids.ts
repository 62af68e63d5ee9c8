import { isObject, isValidId } from '../../fhir/index.js';
import type { Bundle, BundleEntry, FhirResource } from '../../fhir/index.js';

export type IdPolicy = 'keep' | 'server';

/**
 * With `keep`, a `POST Type` entry whose resource carries a valid id becomes `PUT Type/id`: the
 * resource keeps the source's id, so importing the same data again updates in place (and unchanged
 * content makes no new version) instead of creating duplicates. The fullUrl stays, so `urn:uuid:`
 * references to the entry still resolve. Conditional creates (`ifNoneExist`) are left alone: they
 * are idempotent already. With `server`, the Bundle is sent as it is.
 */
export function applyIdPolicy(bundle: Bundle, policy: IdPolicy): Bundle {
  if (policy === 'server' || !Array.isArray(bundle.entry)) return bundle;
  let changed = false;
  const entry = bundle.entry.map((e) => {
    const next = asPut(e);
    if (next !== e) changed = true;
    return next;
  });
  return changed ? { ...bundle, entry } : bundle;
}

function asPut(e: BundleEntry): BundleEntry {
  if (!isObject(e) || !isObject(e.request) || !isObject(e.resource)) return e;
  const { request, resource } = e;
  if (request.method !== 'POST' || request.ifNoneExist !== undefined) return e;
  if (request.url !== resource.resourceType || typeof resource.id !== 'string' || !isValidId(resource.id))
    return e;
  return { ...e, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
}

/** The entry that writes one stand-alone resource under the chosen policy. */
export function entryForResource(resource: FhirResource, policy: IdPolicy): BundleEntry {
  if (policy === 'keep' && typeof resource.id === 'string' && isValidId(resource.id)) {
    return { resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
  }
  return { resource, request: { method: 'POST', url: resource.resourceType } };
}
