import type { FhirResource } from '../fhir/index.js';

/** A Subscription Heartwood can serve: what the dispatcher needs of it. */
export interface ServedSubscription {
  id: string;
  versionId: number;
  /** The resource type its criteria search. */
  type: string;
  /** The criteria as given: a search of that type, relative to the FHIR base. */
  criteria: string;
  endpoint: string;
  /** Send the resource itself (PUT to the endpoint's `[type]/[id]`), or only a ping (an empty POST). */
  withResource: boolean;
  /** When it stops (`end`), if it does. */
  end?: string;
}

export type SubscriptionCheck =
  { ok: true; subscription: ServedSubscription } | { ok: false; reason: string };

/** Search parameters that shape a result page: a notification is one resource at a time. */
const RESULT_PARAMETERS = new Set([
  '_count',
  '_sort',
  '_include',
  '_revinclude',
  '_summary',
  '_elements',
  '_total',
  '_contained',
  '_containedType',
]);
const PAYLOADS = new Set(['application/fhir+json', 'application/json']);

/**
 * Whether a Subscription can be served, and how. Only `rest-hook` channels, to an endpoint under one
 * of the operator's allowed prefixes (none by default): Heartwood must not be made to call addresses
 * of the operator's own network on a caller's behalf. Channel headers are refused: a Subscription is
 * readable by other staff, so a receiver's credentials do not belong in it.
 */
export function checkSubscription(
  resource: FhirResource & { id: string },
  versionId: number,
  deps: { allowedEndpoints: readonly string[]; isResourceType(type: string): boolean },
): SubscriptionCheck {
  const fail = (reason: string): SubscriptionCheck => ({ ok: false, reason });
  const criteria = typeof resource.criteria === 'string' ? resource.criteria.trim() : '';
  const m = /^([A-Z][A-Za-z]+)(?:\?(.*))?$/.exec(criteria);
  if (!m || !deps.isResourceType(m[1]!))
    return fail(
      'The criteria must be a search of one resource type, such as "Observation?patient=Patient/123".',
    );
  const query = new URLSearchParams(m[2] ?? '');
  for (const name of query.keys()) {
    if (RESULT_PARAMETERS.has(name.split(':')[0]!))
      return fail(`The criteria may not use ${name}: a notification is sent for each resource that matches.`);
  }
  const channel = (resource.channel ?? {}) as Record<string, unknown>;
  if (channel.type !== 'rest-hook') return fail('Only rest-hook channels are supported.');
  if (Array.isArray(channel.header) && channel.header.length > 0)
    return fail(
      'Channel headers are not accepted: a Subscription can be read by other staff. The endpoint must identify Heartwood another way (for example by mutual TLS).',
    );
  const endpoint = typeof channel.endpoint === 'string' ? channel.endpoint : '';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return fail('The channel endpoint must be an absolute http or https URL.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '')
    return fail('The channel endpoint must be an http or https URL without credentials.');
  if (!deps.allowedEndpoints.some((prefix) => endpoint.startsWith(prefix)))
    return fail(
      'The channel endpoint is not one this server is allowed to notify. Ask the operator to allow it.',
    );
  const payload = channel.payload;
  if (payload !== undefined && (typeof payload !== 'string' || !PAYLOADS.has(payload)))
    return fail(
      'The channel payload must be application/fhir+json, or absent for a notification without content.',
    );
  const end = typeof resource.end === 'string' ? resource.end : undefined;
  return {
    ok: true,
    subscription: {
      id: resource.id,
      versionId,
      type: m[1]!,
      criteria,
      endpoint: endpoint.replace(/\/+$/, ''),
      withResource: payload !== undefined,
      ...(end ? { end } : {}),
    },
  };
}
