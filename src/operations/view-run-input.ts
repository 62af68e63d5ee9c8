/**
 * The inputs of ViewDefinition `$run`, read from a Parameters body and the query string.
 * https://sql-on-fhir.org/ig/latest/OperationDefinition-ViewDefinitionRun.html
 */
import { errors, isObject, isValidId } from '../fhir/index.js';
import type { OperationCall } from '../rest/index.js';

export type ViewRunFormat = 'json' | 'ndjson' | 'csv';

export interface ViewRunInput {
  /** The ViewDefinition as sent; validated later, so that errors point into it. */
  view: unknown;
  format: ViewRunFormat;
  /** CSV only: whether the first line names the columns. */
  header: boolean;
  limit?: number;
  /** The id of the patient whose compartment the view is restricted to. */
  patient?: string;
  /** ISO instant: only resources last updated at or after it. */
  since?: string;
}

const FORMATS: Record<string, ViewRunFormat> = {
  json: 'json',
  'application/json': 'json',
  ndjson: 'ndjson',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  csv: 'csv',
  'text/csv': 'csv',
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Spec parameters Heartwood does not offer yet: the spec asks for an error rather than silence. */
const NOT_SUPPORTED: Record<string, string> = {
  viewReference:
    'viewReference is not supported: ViewDefinition is not an R4 resource type, so Heartwood does not store views. Send the view inline as viewResource.',
  resource: 'Running a view over resources sent in the request is not supported; it runs over the store.',
  group: 'The group parameter is not supported.',
  source: 'The source parameter is not supported: there is one store.',
};

/** Names that may appear in the query string; `_pretty` belongs to the HTTP layer. */
const SIMPLE = new Set(['_format', 'header', '_limit', '_since', 'patient', '_pretty']);

interface ParameterJson {
  name?: unknown;
  resource?: unknown;
  valueReference?: unknown;
  [key: string]: unknown;
}

export function readViewRunInput(call: OperationCall): ViewRunInput {
  let view: unknown;
  let patientReference: string | undefined;
  if (call.body !== undefined) {
    if (call.body.resourceType !== 'Parameters') {
      throw errors.badRequest('ViewDefinition $run takes a Parameters resource.');
    }
    const parameters = (call.body.parameter as ParameterJson[] | undefined) ?? [];
    parameters.forEach((p, i) => {
      const name = typeof p.name === 'string' ? p.name : '';
      const at = `Parameters.parameter[${i}]`;
      const unsupported = NOT_SUPPORTED[name];
      if (unsupported) throw errors.notSupported(unsupported, [at]);
      if (name === 'viewResource') {
        if (view !== undefined) throw errors.badRequest('Only one viewResource may be given.', [at]);
        if (!isObject(p.resource)) {
          throw errors.badRequest('viewResource must carry the ViewDefinition as resource.', [at]);
        }
        view = p.resource;
      } else if (name === 'patient' && isObject(p.valueReference)) {
        const ref = p.valueReference.reference;
        if (typeof ref !== 'string') throw errors.badRequest('patient needs a reference.', [at]);
        patientReference = ref;
      } else if (!SIMPLE.has(name) || name === '_pretty') {
        throw errors.unknownParameter(`${name.slice(0, 64) || '(no name)'} is not a parameter of $run.`, [
          at,
        ]);
      }
    });
  }
  for (const name of new Set(call.params.keys())) {
    const unsupported = NOT_SUPPORTED[name];
    if (unsupported) throw errors.notSupported(unsupported);
    if (!SIMPLE.has(name)) throw errors.unknownParameter(`${name.slice(0, 64)} is not a parameter of $run.`);
  }
  if (view === undefined) {
    throw errors.badRequest('ViewDefinition $run needs the view: POST a Parameters body with viewResource.');
  }

  const input: ViewRunInput = { view, format: 'json', header: true };
  const format = single(call.params, '_format');
  if (format !== undefined) {
    const known = FORMATS[format];
    if (!known) throw errors.invalidParameter('_format must be json, ndjson or csv.');
    input.format = known;
  }
  const header = single(call.params, 'header');
  if (header !== undefined) {
    if (header !== 'true' && header !== 'false')
      throw errors.invalidParameter('header must be true or false.');
    input.header = header === 'true';
  }
  const limit = single(call.params, '_limit');
  if (limit !== undefined) {
    if (!/^[0-9]{1,9}$/.test(limit) || Number(limit) < 1) {
      throw errors.invalidParameter('_limit must be a whole number of at least 1.');
    }
    input.limit = Number(limit);
  }
  const since = single(call.params, '_since');
  if (since !== undefined) {
    if (!INSTANT.test(since) || Number.isNaN(Date.parse(since))) {
      throw errors.invalidParameter('_since must be an instant such as 2024-01-31T12:00:00Z.');
    }
    input.since = new Date(since).toISOString();
  }
  const patient = patientId(patientReference, single(call.params, 'patient'));
  if (patient !== undefined) input.patient = patient;
  return input;
}

/** A parameter given once, or several times with the same value; conflicting values are an error. */
function single(params: URLSearchParams, name: string): string | undefined {
  const values = new Set(params.getAll(name));
  if (values.size > 1)
    throw errors.invalidParameter(`${name} was given more than once with different values.`);
  return [...values][0];
}

function patientId(fromReference: string | undefined, fromValue: string | undefined): string | undefined {
  if (fromReference !== undefined && fromValue !== undefined) {
    throw errors.invalidParameter('patient was given more than once.');
  }
  const raw = fromReference ?? fromValue;
  if (raw === undefined) return undefined;
  const id = raw.startsWith('Patient/') ? raw.slice('Patient/'.length) : raw;
  if (!isValidId(id))
    throw errors.invalidParameter('patient must be a Patient reference such as Patient/123.');
  return id;
}
