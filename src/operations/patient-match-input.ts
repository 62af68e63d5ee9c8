import type { FhirResource, Issue } from '../fhir/index.js';
import { FhirError, errors, isObject } from '../fhir/index.js';
import { NHS_NUMBER_SYSTEM, nhsNumberChecksum, standardiseNhsNumber } from '../identity/index.js';
import type { OperationCall } from '../rest/index.js';

/** The inputs of `Patient/$match`, checked. */
export interface MatchInput {
  /** The Patient to match, with its NHS number(s) in canonical ten-digit form. */
  patient: FhirResource;
  onlyCertainMatches: boolean;
  /** Most entries to return; undefined: all that grade above certainly-not. */
  count?: number;
}

export interface InputChecks {
  /** Structural validation of the Patient (the server's R4 validator). */
  validate(resource: unknown): Issue[];
}

const PARAMS = 'Parameters.parameter';

function resourceParameter(body: FhirResource | undefined): unknown {
  if (body?.resourceType !== 'Parameters') return undefined;
  const params = Array.isArray(body.parameter) ? body.parameter.filter(isObject) : [];
  const found = params.filter((p) => p.name === 'resource');
  if (found.length > 1) throw errors.badRequest('Give one "resource" parameter, not several.', [PARAMS]);
  return found[0]?.resource;
}

function booleanParam(params: URLSearchParams, name: string): boolean {
  const values = params.getAll(name);
  if (values.length > 1) throw errors.invalidParameter(`${name}: give it once.`, [PARAMS]);
  const v = values[0];
  if (v === undefined) return false;
  if (v !== 'true' && v !== 'false')
    throw errors.invalidParameter(`${name}: must be true or false.`, [PARAMS]);
  return v === 'true';
}

function countParam(params: URLSearchParams): number | undefined {
  const values = params.getAll('count');
  if (values.length > 1) throw errors.invalidParameter('count: give it once.', [PARAMS]);
  const v = values[0];
  if (v === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(v) || Number(v) < 1)
    throw errors.invalidParameter('count: must be a positive integer.', [PARAMS]);
  return Number(v);
}

/** Why an NHS number is not one, in words a caller can act on; undefined when it is valid. */
function nhsNumberProblem(raw: string, digits: string): string | undefined {
  if (digits === '')
    return `"${raw.slice(0, 20)}" is not an NHS number: only digits, spaces and hyphens are allowed.`;
  if (digits.length !== 10)
    return `"${raw.slice(0, 20)}" is not an NHS number: it has ${digits.length} digits, not 10.`;
  const check = nhsNumberChecksum(digits.slice(0, 9));
  if (check === 10)
    return `${digits} is not an NHS number: no check digit is possible after ${digits.slice(0, 9)} (modulus 11 gives 10).`;
  if (check !== Number(digits[9]))
    return `${digits} is not an NHS number: its check digit is ${digits[9]}, modulus 11 of the first nine digits gives ${check}.`;
  return undefined;
}

/**
 * Validates the NHS numbers of the Patient and rewrites them to ten digits, so that the identifier
 * search finds "943 476 5919" as stored "9434765919". A wrong check digit is a 422, not a silent
 * no-match: the caller almost certainly mistyped a number they believe identifies the patient.
 */
function normaliseNhsNumbers(patient: FhirResource): void {
  const identifiers = Array.isArray(patient.identifier) ? patient.identifier : [];
  identifiers.forEach((identifier, i) => {
    if (!isObject(identifier) || identifier.system !== NHS_NUMBER_SYSTEM) return;
    if (typeof identifier.value !== 'string') return;
    const digits = standardiseNhsNumber(identifier.value);
    const problem = nhsNumberProblem(identifier.value, digits);
    if (problem) throw errors.unprocessable(problem, [`Patient.identifier[${i}].value`]);
    identifier.value = digits;
  });
}

/** Reads and checks the `resource`, `onlyCertainMatches` and `count` parameters. */
export function readMatchInput(call: OperationCall, checks: InputChecks): MatchInput {
  if (call.body !== undefined && call.body.resourceType !== 'Parameters')
    throw errors.badRequest('Patient/$match takes a Parameters resource with a "resource" parameter.');
  const resource = resourceParameter(call.body);
  if (resource === undefined)
    throw errors.badRequest('The "resource" parameter (the Patient to match) is required.', [PARAMS]);
  if (!isObject(resource) || resource.resourceType !== 'Patient') {
    const type =
      isObject(resource) && typeof resource.resourceType === 'string' ? resource.resourceType : 'none';
    throw errors.badRequest(`The "resource" parameter must be a Patient, not ${type.slice(0, 40)}.`, [
      PARAMS,
    ]);
  }
  const patient = resource as FhirResource;
  const issues = checks.validate(patient).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (issues.length > 0) throw new FhirError(400, issues);
  normaliseNhsNumbers(patient);
  return {
    patient,
    onlyCertainMatches: booleanParam(call.params, 'onlyCertainMatches'),
    count: countParam(call.params),
  };
}
