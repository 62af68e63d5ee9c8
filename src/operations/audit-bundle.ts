import type { AuditPage } from '../audit/index.js';
import { errors } from '../fhir/index.js';
import type { FhirResponse } from '../rest/index.js';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;

/** `_count` of an audit listing: 1–1000, 50 when absent. */
export function auditCount(params: URLSearchParams): number {
  const raw = params.get('_count');
  if (raw === null) return DEFAULT_COUNT;
  if (!/^[0-9]{1,7}$/.test(raw) || Number(raw) < 1)
    throw errors.invalidParameter(`_count must be a whole number from 1 to ${MAX_COUNT}.`);
  return Math.min(MAX_COUNT, Number(raw));
}

/**
 * A page of AuditEvents as a searchset Bundle. `self` repeats the query; `next` adds the cursor of the
 * last event served, so paging stays exact while new events are appended at the front.
 */
export function auditBundle(
  base: string,
  path: string,
  query: URLSearchParams,
  page: AuditPage,
): FhirResponse {
  const link = (cursor?: string) => {
    const q = new URLSearchParams(query);
    q.delete('_cursor');
    if (cursor !== undefined) q.set('_cursor', cursor);
    const text = q.toString();
    return `${base}/${path}${text ? `?${text}` : ''}`;
  };
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: link(query.get('_cursor') ?? undefined) },
      ...(page.next !== undefined ? [{ relation: 'next', url: link(page.next) }] : []),
    ],
    entry: page.events.map((e) => ({
      fullUrl: `${base}/AuditEvent/${e.id}`,
      resource: e,
      search: { mode: 'match' },
    })),
  };
  return { status: 200, body: JSON.stringify(bundle) };
}

/** Rejects parameters the operation does not know, as strict search does. */
export function onlyParams(params: URLSearchParams, known: string[], operation: string): void {
  for (const name of params.keys()) {
    if (!known.includes(name) && name !== '_format' && name !== '_pretty')
      throw errors.unknownParameter(`${operation} does not take the parameter ${name.slice(0, 40)}.`);
  }
}
