import { errors, isValidId, isValidVersionId } from '../fhir/index.js';

export type RequestTarget =
  | { kind: 'system'; query: URLSearchParams }
  | { kind: 'metadata'; query: URLSearchParams }
  | { kind: 'system-history'; query: URLSearchParams }
  | { kind: 'type'; resourceType: string; query: URLSearchParams }
  | { kind: 'type-search'; resourceType: string; query: URLSearchParams }
  | { kind: 'type-history'; resourceType: string; query: URLSearchParams }
  | { kind: 'instance'; resourceType: string; id: string; query: URLSearchParams }
  | { kind: 'instance-history'; resourceType: string; id: string; query: URLSearchParams }
  | { kind: 'version'; resourceType: string; id: string; versionId: number; query: URLSearchParams }
  | { kind: 'compartment'; ownerType: string; ownerId: string; resourceType: string; query: URLSearchParams }
  | {
      kind: 'operation';
      level: 'system' | 'type' | 'instance';
      name: string;
      resourceType?: string;
      id?: string;
      query: URLSearchParams;
    };

/**
 * Parses a request URL relative to the FHIR base (`Patient/1/_history/2?x=y`); checks resource types
 * and ids so that nothing malformed reaches the store.
 */
export function parseRequestUrl(url: string, isResourceType: (type: string) => boolean): RequestTarget {
  const q = url.indexOf('?');
  const path = (q >= 0 ? url.slice(0, q) : url).replace(/^\/+|\/+$/g, '');
  const query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
  const segments = path === '' ? [] : path.split('/').map(decodeSegment);
  if (segments.some((s) => s === ''))
    throw errors.notFoundPath(`There is no FHIR endpoint at "${truncate(path)}".`);
  const [type, second, third, fourth, ...rest] = segments;
  if (type === undefined) return { kind: 'system', query };
  if (type.startsWith('$') && segments.length === 1) return operation('system', type, query);
  if (type === 'metadata' && segments.length === 1) return { kind: 'metadata', query };
  if (type === '_history' && segments.length === 1) return { kind: 'system-history', query };
  // Type-level operations may name logical models that are not R4 resource types (ViewDefinition);
  // the dispatcher answers 501 for any type no operation claims.
  if (second?.startsWith('$') && segments.length === 2 && /^[A-Z][A-Za-z]{0,63}$/.test(type)) {
    return operation('type', second, query, type);
  }
  if (!isResourceType(type)) {
    throw errors.unknownResourceType(`"${truncate(type)}" is not a FHIR R4 resource type this server knows.`);
  }
  if (second === undefined) return { kind: 'type', resourceType: type, query };
  if (second === '_search' && segments.length === 2)
    return { kind: 'type-search', resourceType: type, query };
  if (second === '_history' && segments.length === 2)
    return { kind: 'type-history', resourceType: type, query };
  if (second.startsWith('$') && segments.length === 2) return operation('type', second, query, type);
  if (!isValidId(second)) {
    throw errors.invalidId(`"${truncate(second)}" is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .).`);
  }
  if (third === undefined) return { kind: 'instance', resourceType: type, id: second, query };
  if (third.startsWith('$') && segments.length === 3)
    return operation('instance', third, query, type, second);
  if (third === '_history' && fourth === undefined) {
    return { kind: 'instance-history', resourceType: type, id: second, query };
  }
  if (third === '_history' && fourth !== undefined && rest.length === 0) {
    if (!isValidVersionId(fourth)) throw errors.invalidId(`"${truncate(fourth)}" is not a valid version id.`);
    return { kind: 'version', resourceType: type, id: second, versionId: Number(fourth), query };
  }
  if (fourth === undefined && isResourceType(third)) {
    return { kind: 'compartment', ownerType: type, ownerId: second, resourceType: third, query };
  }
  throw errors.notFoundPath(`There is no FHIR endpoint at "${truncate(path)}".`);
}

const OPERATION_NAME = /^\$[a-z][a-z0-9-]{0,63}$/i;

function operation(
  level: 'system' | 'type' | 'instance',
  segment: string,
  query: URLSearchParams,
  resourceType?: string,
  id?: string,
): RequestTarget {
  if (!OPERATION_NAME.test(segment))
    throw errors.notFoundPath(`"${truncate(segment)}" is not an operation name.`);
  return { kind: 'operation', level, name: segment.slice(1), resourceType, id, query };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw errors.badRequest('The request URL is not correctly percent-encoded.');
  }
}

/** Echoes of client input in messages are kept short (and never contain patient data beyond the URL). */
export function truncate(s: string, max = 64): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** `W/"3"`, `"3"` or `3` → 3; anything else is a 400. */
export function parseETagVersion(value: string, header: string): number {
  const m = /^\s*(?:W\/)?"?([0-9]+)"?\s*$/.exec(value);
  if (!m || !isValidVersionId(m[1]!)) {
    throw errors.badRequest(`${header} must be a version ETag such as W/"3", not "${truncate(value)}".`);
  }
  return Number(m[1]);
}
