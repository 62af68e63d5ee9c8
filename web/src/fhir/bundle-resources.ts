import type { Bundle, FhirResource } from './resources.js';

/** The resources a search matched, of one type (OperationOutcome warnings and includes left out). */
export function matchedResources<T extends FhirResource>(bundle: Bundle, type: T['resourceType']): T[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
    .map((e) => e.resource)
    .filter((r): r is T => r?.resourceType === type);
}

/** Resources brought in by `_include`, by their `Type/id` reference. */
export function includedResources(bundle: Bundle): Map<string, FhirResource> {
  const out = new Map<string, FhirResource>();
  for (const e of bundle.entry ?? []) {
    if (e.search?.mode === 'include' && e.resource?.id) {
      out.set(`${e.resource.resourceType}/${e.resource.id}`, e.resource);
    }
  }
  return out;
}
