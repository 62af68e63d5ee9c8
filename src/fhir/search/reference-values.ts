import { asObject, extensionValue, isPrimitiveType, text } from './json-values.js';
import { referenceParts } from './reference-parts.js';
import type { ReferenceRow, UriRow } from './types.js';

const URI_TYPES: ReadonlySet<string> = new Set(['uri', 'url', 'canonical', 'oid', 'uuid']);

function fromReference(param: string, value: unknown, out: ReferenceRow[]): void {
  const r = asObject(value);
  if (r === undefined) return;
  const declared = text(r.type);
  const ref = text(r.reference);
  const parts = ref === null ? undefined : referenceParts(ref, declared);
  const identifier = asObject(r.identifier);
  const identifierSystem = text(identifier?.system);
  const identifierValue = text(identifier?.value);
  const hasIdentifier = identifierSystem !== null || identifierValue !== null;
  if (parts === undefined && !hasIdentifier) return;
  out.push({
    param,
    targetType: parts?.targetType ?? declared,
    targetId: parts?.targetId ?? null,
    targetVersion: parts?.targetVersion ?? null,
    url: parts?.url ?? null,
    identifierSystem,
    identifierValue,
  });
}

/** `url|version` → the URL and the version; the version is what `targetVersion` holds. */
function fromCanonical(param: string, value: string, out: ReferenceRow[]): void {
  const bar = value.indexOf('|');
  out.push({
    param,
    targetType: null,
    targetId: null,
    targetVersion: bar < 0 ? null : value.slice(bar + 1) || null,
    url: bar < 0 ? value : value.slice(0, bar),
    identifierSystem: null,
    identifierValue: null,
  });
}

/**
 * Reference rows (R4 search, reference): a relative `Type/id[/_history/v]` gives type, id and
 * version; an absolute URL or URN gives the url (and the type its path names); Reference.identifier
 * gives the identifier columns; `#contained` references are skipped. canonical and uri elements
 * give the url. A whole resource (Bundle.entry[0].resource) is referenced by its type and id.
 */
export function referenceRows(param: string, value: unknown, type: string, out: ReferenceRow[]): void {
  if (type === 'Reference') return fromReference(param, value, out);
  if (type === 'Extension') {
    const inner = extensionValue(value);
    if (inner !== undefined) referenceRows(param, inner.value, inner.type, out);
    return;
  }
  if (URI_TYPES.has(type)) {
    const s = text(value);
    if (s === null) return;
    if (type === 'canonical') fromCanonical(param, s, out);
    else {
      out.push({
        param,
        targetType: null,
        targetId: null,
        targetVersion: null,
        url: s,
        identifierSystem: null,
        identifierValue: null,
      });
    }
    return;
  }
  const resource = asObject(value);
  const resourceType = text(resource?.resourceType);
  if (resource !== undefined && resourceType !== null && !isPrimitiveType(type)) {
    const id = text(resource.id);
    out.push({
      param,
      targetType: resourceType,
      targetId: id,
      targetVersion: null,
      url: null,
      identifierSystem: null,
      identifierValue: null,
    });
  }
}

/** URI rows (R4 search, uri): the value as written, canonical `|version` included. */
export function uriRows(param: string, value: unknown, type: string, out: UriRow[]): void {
  if (type === 'Extension') {
    const inner = extensionValue(value);
    if (inner !== undefined) uriRows(param, inner.value, inner.type, out);
    return;
  }
  const s = isPrimitiveType(type) ? text(value) : null;
  if (s !== null) out.push({ param, value: s });
}
