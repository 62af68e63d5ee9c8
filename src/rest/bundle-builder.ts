import type { StoredVersion } from '../store/index.js';

export interface BundleLink {
  relation: string;
  url: string;
}

/**
 * Builds Bundle JSON by concatenating the stored JSON of each resource, so a page of results is never
 * parsed and re-serialised on its way out.
 */
export function searchsetJson(args: {
  total?: number;
  links: BundleLink[];
  entries: { fullUrl: string; content: string; mode: 'match' | 'include' | 'outcome' }[];
}): string {
  const head: Record<string, unknown> = { resourceType: 'Bundle', type: 'searchset' };
  if (args.total !== undefined) head.total = args.total;
  head.link = args.links;
  const entries = args.entries.map(
    (e) => `{"fullUrl":${JSON.stringify(e.fullUrl)},"resource":${e.content},"search":{"mode":"${e.mode}"}}`,
  );
  return `${JSON.stringify(head).slice(0, -1)},"entry":[${entries.join(',')}]}`;
}

export function historyJson(args: {
  total: number;
  links: BundleLink[];
  versions: StoredVersion[];
  base: string;
}): string {
  const head = JSON.stringify({
    resourceType: 'Bundle',
    type: 'history',
    total: args.total,
    link: args.links,
  });
  const entries = args.versions.map((v, i) => {
    const url = `${v.resourceType}/${v.id}`;
    const method = v.deleted
      ? 'DELETE'
      : v.versionId === 1 || previousWasDeleted(args.versions, i)
        ? 'POST'
        : 'PUT';
    const request = JSON.stringify({ method, url: method === 'POST' ? v.resourceType : url });
    const response = JSON.stringify({
      status: v.deleted ? '204' : v.versionId === 1 ? '201' : '200',
      etag: `W/"${v.versionId}"`,
      lastModified: v.lastUpdated,
    });
    const resource = v.content !== undefined ? `"resource":${v.content},` : '';
    return `{"fullUrl":${JSON.stringify(`${args.base}/${url}`)},${resource}"request":${request},"response":${response}}`;
  });
  return `${head.slice(0, -1)},"entry":[${entries.join(',')}]}`;
}

/** A version right after a deletion re-creates the resource. */
function previousWasDeleted(versions: StoredVersion[], index: number): boolean {
  const next = versions[index + 1];
  return (
    next !== undefined &&
    next.id === versions[index]!.id &&
    next.deleted &&
    next.versionId === versions[index]!.versionId - 1
  );
}
