import { errors } from '../fhir/index.js';
import { parseSearch } from '../fhir/search-request/index.js';
import type { Filter, ParamLookup } from '../fhir/search-request/index.js';
import type { OperationCall, OperationContext } from '../rest/index.js';

/** Why the data is being exported. Research and planning are secondary uses: opt-outs apply. */
export type ExportPurpose = 'direct-care' | 'research' | 'planning';

/** What one `$export` kick-off asks for, as kept in `bulk_export_job.request`. */
export interface ExportRequest {
  /** The kick-off URL, echoed in the manifest's `request`. */
  url: string;
  level: 'system' | 'patient' | 'group';
  /** Resource types to export; undefined means every type the level covers. */
  types?: string[];
  /** Only resources last updated at or after this instant. */
  since?: string;
  /** Group level: the Group exported. */
  group?: string;
  /**
   * The patients whose compartments are exported (Group members, or the `patient` parameter);
   * undefined means every patient (system and Patient level without `patient`).
   */
  patients?: string[];
  /** `_typeFilter` queries per type, as sent (`code=…&date=…`); several for one type are ORed. */
  typeFilters?: Record<string, string[]>;
  /** `_elements`: top-level elements to keep (besides `resourceType`, `id` and `meta`), per type or `*`. */
  elements?: Record<string, string[]>;
  purpose?: ExportPurpose;
  /** True for research and planning: people with the national data opt-out are left out. */
  secondaryUse?: boolean;
}

const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
// An instant needs a time and a zone, so "since" never depends on the server's clock settings.
const INSTANT =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
// Defined by the Bulk Data IG but not implemented: silently ignoring them would export more than asked.
const UNSUPPORTED = ['includeAssociatedData'];
const PURPOSES = new Set<ExportPurpose>(['direct-care', 'research', 'planning']);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
// A _typeFilter value starts a new query where a resource type is followed by "?".
const QUERY_START = /,(?=[A-Z][A-Za-z]*\?)/;

/** The parts of a kick-off that do not depend on the HTTP call: shared with the command line. */
export interface ExportOptions {
  level: ExportRequest['level'];
  types?: string[];
  since?: string;
  group?: string;
  patients?: string[];
  typeFilters?: string[];
  elements?: string[];
  purpose?: string;
  /** The role of who asks: an analyst's export is always secondary use, whatever the purpose says. */
  role?: string;
}

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
  const typeParam = call.params.getAll('_type').join(',');
  const patients = [...call.params.getAll('patient'), ...patientsOfBody(call)];
  const level = call.level === 'system' ? 'system' : call.resourceType === 'Group' ? 'group' : 'patient';
  if ((call.level === 'instance') !== (level === 'group')) {
    throw errors.notSupported(
      level === 'group'
        ? '$export on Group needs a Group id: Group/{id}/$export.'
        : '$export on one Patient is not defined: use Patient/$export with the patient parameter.',
    );
  }
  const request = checkExportOptions(ctx.lookup, {
    level,
    ...(typeParam !== '' ? { types: typeParam.split(',') } : {}),
    ...(call.params.has('_since') ? { since: call.params.get('_since')! } : {}),
    ...(level === 'group' ? { group: call.id ?? '' } : {}),
    ...(patients.length > 0 ? { patients } : {}),
    typeFilters: call.params.getAll('_typeFilter'),
    elements: call.params.getAll('_elements'),
    ...(call.params.has('_purpose') ? { purpose: call.params.get('_purpose')! } : {}),
    role: ctx.principal.role,
  });
  return { url: `${ctx.base}/${call.request.url}`, ...request };
}

/** `patient` in a POST Parameters body is a Reference (the service copies only simple values). */
function patientsOfBody(call: OperationCall): string[] {
  const params = call.body?.resourceType === 'Parameters' ? call.body.parameter : undefined;
  if (!Array.isArray(params)) return [];
  const out: string[] = [];
  for (const p of params as { name?: string; valueReference?: { reference?: unknown } }[]) {
    if (p.name !== 'patient') continue;
    const ref = p.valueReference?.reference;
    if (typeof ref !== 'string')
      throw errors.invalidParameter('patient must be a valueReference to a Patient.');
    out.push(ref);
  }
  return out;
}

/** Validates everything a job will be given; the same rules for HTTP and the command line. */
export function checkExportOptions(lookup: ParamLookup, o: ExportOptions): Omit<ExportRequest, 'url'> {
  let types: string[] | undefined;
  if (o.types) {
    types = [...new Set(o.types.map((t) => t.trim()))].filter((t) => t !== '');
    for (const t of types) {
      if (!lookup.isResourceType(t))
        throw errors.invalidParameter(`_type: ${t.slice(0, 40)} is not a resource type.`);
    }
  }
  const since = o.since;
  if (since !== undefined && (!INSTANT.test(since) || Number.isNaN(Date.parse(since)))) {
    throw errors.invalidParameter(
      `_since must be an instant with a time zone, e.g. 2024-01-01T00:00:00Z, not "${since.slice(0, 40)}".`,
    );
  }
  if (o.level === 'group' && (o.group === undefined || !ID.test(o.group))) {
    throw errors.invalidParameter('Group-level $export needs a Group id.');
  }
  let patients: string[] | undefined;
  if (o.patients && o.patients.length > 0) {
    if (o.level === 'system') {
      throw errors.invalidParameter('patient applies to Patient and Group level $export, not system level.');
    }
    patients = [
      ...new Set(
        o.patients.map((ref) => {
          const id = ref.startsWith('Patient/') ? ref.slice('Patient/'.length) : ref;
          if (!ID.test(id))
            throw errors.invalidParameter(`patient: "${ref.slice(0, 64)}" is not a Patient reference.`);
          return id;
        }),
      ),
    ];
  }
  const typeFilters = readTypeFilters(lookup, o.typeFilters ?? []);
  const elements = readElements(lookup, o.elements ?? []);
  let purpose: ExportPurpose | undefined;
  if (o.purpose !== undefined) {
    if (!PURPOSES.has(o.purpose as ExportPurpose)) {
      throw errors.invalidParameter(
        `_purpose must be direct-care, research or planning, not "${o.purpose.slice(0, 40)}".`,
      );
    }
    purpose = o.purpose as ExportPurpose;
  }
  // An analyst never receives data for direct care: whatever they claim, the opt-out applies.
  if (o.role === 'analyst' && (purpose === undefined || purpose === 'direct-care')) purpose = 'research';
  const secondaryUse = purpose === 'research' || purpose === 'planning';
  return {
    level: o.level,
    ...(types ? { types } : {}),
    ...(since ? { since } : {}),
    ...(o.level === 'group' ? { group: o.group! } : {}),
    ...(patients ? { patients } : {}),
    ...(Object.keys(typeFilters).length > 0 ? { typeFilters } : {}),
    ...(Object.keys(elements).length > 0 ? { elements } : {}),
    ...(purpose ? { purpose } : {}),
    ...(secondaryUse ? { secondaryUse } : {}),
  };
}

/** `Type?query` values, each checked now so a bad filter is a 400 at kick-off, not a failed job. */
function readTypeFilters(lookup: ParamLookup, values: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of values.flatMap((v) => v.split(QUERY_START))) {
    const q = value.indexOf('?');
    const type = q > 0 ? value.slice(0, q) : '';
    if (!lookup.isResourceType(type)) {
      throw errors.invalidParameter(`_typeFilter: "${value.slice(0, 64)}" is not of the form Type?search.`);
    }
    const query = value.slice(q + 1);
    compileTypeFilter(lookup, type, query);
    (out[type] ??= []).push(query);
  }
  return out;
}

/** Parses one `_typeFilter` query with the search parser; only filters are allowed, not _sort etc. */
export function compileTypeFilter(lookup: ParamLookup, type: string, query: string): Filter[] {
  const params = new URLSearchParams(query);
  const count = [...params.keys()].length;
  const parsed = parseSearch([type], params, { lookup, lenient: false });
  if (count === 0 || parsed.filters.length !== count) {
    throw errors.invalidParameter(
      `_typeFilter: ${type}?${query.slice(0, 64)} must hold search filters only (no _count, _sort, _include…).`,
    );
  }
  return parsed.filters;
}

/** `_elements`: `element` for every type or `Type.element` for one; only top-level elements. */
function readElements(lookup: ParamLookup, values: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const raw of values.flatMap((v) => v.split(','))) {
    const value = raw.trim();
    if (value === '') continue;
    const dot = value.indexOf('.');
    const type = dot > 0 ? value.slice(0, dot) : '*';
    const element = dot > 0 ? value.slice(dot + 1) : value;
    if ((type !== '*' && !lookup.isResourceType(type)) || !/^[a-z][A-Za-z0-9]*$/.test(element)) {
      throw errors.invalidParameter(`_elements: "${value.slice(0, 64)}" is not element or Type.element.`);
    }
    (out[type] ??= []).push(element);
  }
  return out;
}
