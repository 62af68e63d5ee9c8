import { errors } from '../fhir/index.js';
import type { OperationCall, OperationContext } from '../rest/index.js';

/** What one `$export` kick-off asks for, as kept in `bulk_export_job.request`. */
export interface ExportRequest {
  /** The kick-off URL, echoed in the manifest's `request`. */
  url: string;
  level: 'system' | 'patient';
  /** Resource types to export; undefined means every type the level covers. */
  types?: string[];
  /** Only resources last updated at or after this instant. */
  since?: string;
}

const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
// An instant needs a time and a zone, so "since" never depends on the server's clock settings.
const INSTANT =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
// Defined by the Bulk Data IG but not implemented: silently ignoring them would export more than asked.
const UNSUPPORTED = ['_typeFilter', 'patient', '_elements', 'includeAssociatedData'];

/**
 * Reads and checks a kick-off. The Bulk Data IG requires `Prefer: respond-async`: an export is never
 * answered synchronously, so a client that cannot poll must find out at once.
 */
export function readExportRequest(ctx: OperationContext, call: OperationCall): ExportRequest {
  const prefer = call.request.prefer as { respondAsync?: boolean } | undefined;
  if (prefer?.respondAsync !== true) {
    throw errors.badRequest('$export runs asynchronously: send the header Prefer: respond-async.');
  }
  const format = call.params.get('_outputFormat');
  if (format !== null && !OUTPUT_FORMATS.has(format)) {
    throw errors.invalidParameter(
      `_outputFormat: only application/fhir+ndjson is supported, not "${format.slice(0, 40)}".`,
    );
  }
  const lenient = call.request.prefer?.handling === 'lenient';
  for (const name of UNSUPPORTED) {
    if (call.params.has(name) && !lenient)
      throw errors.unknownParameter(`${name} is not supported by this server's $export.`);
  }
  let types: string[] | undefined;
  const typeParam = call.params.getAll('_type').join(',');
  if (typeParam !== '') {
    types = [...new Set(typeParam.split(',').map((t) => t.trim()))].filter((t) => t !== '');
    for (const t of types) {
      if (!ctx.lookup.isResourceType(t))
        throw errors.invalidParameter(`_type: ${t.slice(0, 40)} is not a resource type.`);
    }
  }
  const since = call.params.get('_since') ?? undefined;
  if (since !== undefined && (!INSTANT.test(since) || Number.isNaN(Date.parse(since)))) {
    throw errors.invalidParameter(
      `_since must be an instant with a time zone, e.g. 2024-01-01T00:00:00Z, not "${since.slice(0, 40)}".`,
    );
  }
  return {
    url: `${ctx.base}/${call.request.url}`,
    level: call.level === 'system' ? 'system' : 'patient',
    ...(types ? { types } : {}),
    ...(since ? { since } : {}),
  };
}
