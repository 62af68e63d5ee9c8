import { errors } from '../fhir/index.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir', 'text/json'];
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);
const XML_FORMATS = new Set([
  'xml',
  'text/xml',
  'application/xml',
  'application/fhir+xml',
  'application/xml+fhir',
]);

/**
 * Chooses the response media type from `_format` (which wins) or `Accept`. Only JSON is served; asking
 * for XML or Turtle alone is a 406 with a clear OperationOutcome.
 */
export function negotiate(format: string | undefined, accept: string | undefined): string {
  if (format !== undefined) {
    if (JSON_FORMATS.has(format))
      return format === 'application/json' ? 'application/json; charset=utf-8' : FHIR_JSON;
    if (XML_FORMATS.has(format))
      throw errors.notAcceptable('This server answers in JSON only; use _format=json.');
    throw errors.notAcceptable(`_format=${format.slice(0, 40)} is not supported; use _format=json.`);
  }
  if (!accept || accept.trim() === '') return FHIR_JSON;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  if (
    types.some(
      (t) =>
        t === '*/*' ||
        t === 'application/*' ||
        t === 'application/fhir+json' ||
        t === 'application/json+fhir',
    )
  )
    return FHIR_JSON;
  if (types.some((t) => JSON_TYPES.includes(t))) return 'application/json; charset=utf-8';
  if (types.some((t) => t === 'text/html' || t === 'text/*')) return FHIR_JSON;
  throw errors.notAcceptable('This server answers in JSON only (application/fhir+json).');
}

export interface Preferences {
  return?: 'minimal' | 'representation' | 'OperationOutcome';
  handling?: 'strict' | 'lenient';
  /** `Prefer: respond-async`, which asynchronous operations such as `$export` require. */
  respondAsync?: boolean;
}

/** Parses the `Prefer` header (RFC 7240) for the FHIR preferences this server honours. */
export function parsePrefer(header: string | undefined): Preferences {
  const out: Preferences = {};
  if (!header) return out;
  for (const part of header.split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'return' && (v === 'minimal' || v === 'representation' || v === 'OperationOutcome'))
      out.return = v;
    if (k === 'handling' && (v === 'strict' || v === 'lenient')) out.handling = v;
    if (k === 'respond-async' && v === undefined) out.respondAsync = true;
  }
  return out;
}
