import { errors } from '../fhir/index.js';
import type { ResourceStore, StoredVersion } from '../store/index.js';
import { historyJson } from './bundle-builder.js';
import type { BundleLink } from './bundle-builder.js';
import type { FhirRequest, FhirResponse } from './fhir-request.js';
import { parseETagVersion } from './request-url.js';
import type { RequestTarget } from './request-url.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../fhir/search-request/index.js';

export interface ReadContext {
  store: ResourceStore;
  base: string;
}

function versionResponse(v: StoredVersion, status = 200): FhirResponse {
  return { status, body: v.content, versionId: v.versionId, lastModified: v.lastUpdated };
}

export async function readInstance(
  ctx: ReadContext,
  target: { resourceType: string; id: string },
  request: FhirRequest,
): Promise<FhirResponse> {
  const v = await ctx.store.read(target.resourceType, target.id);
  if (!v) throw errors.notFound(`${target.resourceType}/${target.id} is not known.`);
  if (v.deleted) {
    const e = errors.gone(`${target.resourceType}/${target.id} was deleted (version ${v.versionId}).`);
    throw e;
  }
  if (request.ifNoneMatch !== undefined && request.ifNoneMatch.trim() !== '*') {
    if (parseETagVersion(request.ifNoneMatch, 'If-None-Match') === v.versionId) {
      return { status: 304, versionId: v.versionId, lastModified: v.lastUpdated };
    }
  }
  if (request.ifModifiedSince !== undefined) {
    const since = Date.parse(request.ifModifiedSince);
    if (Number.isNaN(since)) throw errors.badRequest('If-Modified-Since must be an HTTP date.');
    // HTTP dates have whole seconds, so compare at that precision.
    if (Math.floor(Date.parse(v.lastUpdated) / 1000) <= Math.floor(since / 1000)) {
      return { status: 304, versionId: v.versionId, lastModified: v.lastUpdated };
    }
  }
  return versionResponse(v);
}

export async function readVersion(
  ctx: ReadContext,
  target: { resourceType: string; id: string; versionId: number },
): Promise<FhirResponse> {
  const v = await ctx.store.vread(target.resourceType, target.id, target.versionId);
  if (!v) {
    throw errors.notFound(`${target.resourceType}/${target.id} has no version ${target.versionId}.`);
  }
  if (v.deleted)
    throw errors.gone(`Version ${v.versionId} of ${target.resourceType}/${target.id} is its deletion.`);
  return versionResponse(v);
}

export async function history(
  ctx: ReadContext,
  target: Extract<RequestTarget, { kind: 'system-history' | 'type-history' | 'instance-history' }>,
): Promise<FhirResponse> {
  const q = target.query;
  let count = DEFAULT_PAGE_SIZE;
  let since: string | undefined;
  let cursor: string | undefined;
  for (const [name, value] of q) {
    if (name === '_count') {
      if (!/^[0-9]{1,7}$/.test(value)) throw errors.invalidParameter('_count must be a whole number.');
      count = Math.max(1, Math.min(Number(value), MAX_PAGE_SIZE));
    } else if (name === '_since') {
      if (
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
        Number.isNaN(Date.parse(value))
      ) {
        throw errors.invalidParameter('_since must be an instant such as 2024-01-31T12:00:00Z.');
      }
      since = new Date(value).toISOString();
    } else if (name === '_cursor') {
      cursor = value;
    } else if (name !== '_format' && name !== '_pretty') {
      throw errors.unknownParameter(`${name} is not supported on history (use _count, _since).`);
    }
  }
  const resourceType = target.kind === 'system-history' ? undefined : target.resourceType;
  const id = target.kind === 'instance-history' ? target.id : undefined;
  if (resourceType && id) {
    const cur = await ctx.store.read(resourceType, id);
    if (!cur) throw errors.notFound(`${resourceType}/${id} is not known.`);
  }
  const page = await ctx.store.history({ resourceType, id, since, count, cursor });
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const params = new URLSearchParams();
  if (since) params.set('_since', since);
  params.set('_count', String(count));
  const self = new URLSearchParams(params);
  if (cursor) self.set('_cursor', cursor);
  const links: BundleLink[] = [{ relation: 'self', url: `${ctx.base}/${path}?${self}` }];
  if (page.nextCursor) {
    const next = new URLSearchParams(params);
    next.set('_cursor', page.nextCursor);
    links.push({ relation: 'next', url: `${ctx.base}/${path}?${next}` });
  }
  return {
    status: 200,
    body: historyJson({ total: page.total, links, versions: page.versions, base: ctx.base }),
  };
}
