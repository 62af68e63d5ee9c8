import type { FhirResource } from '../fhir/index.js';

/**
 * The stored JSON of a version: `resourceType`, `id`, `meta` first (as people expect to read them), with
 * the server-owned `meta.versionId` and `meta.lastUpdated`; everything else as the client sent it.
 */
export function serializeVersion(resource: FhirResource, versionId: number, lastUpdated: string): string {
  const { resourceType, id, meta, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...otherMeta } = meta ?? {};
  return JSON.stringify({
    resourceType,
    id,
    meta: { versionId: String(versionId), lastUpdated, ...otherMeta },
    ...rest,
  });
}

/** The resource without server-owned meta, for telling whether an update changes anything. */
export function canonicalContent(resource: FhirResource): string {
  const { resourceType, id, meta, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...otherMeta } = meta ?? {};
  const out: Record<string, unknown> = { resourceType, id };
  if (Object.keys(otherMeta).length > 0) out.meta = otherMeta;
  return JSON.stringify(Object.assign(out, rest));
}
