import type { Principal } from '../auth/principal.js';
import type { FhirResource } from '../fhir/index.js';
import { errors, isObject } from '../fhir/index.js';
import type { OperationCall } from '../rest/index.js';
import type { ResourceStore, StoredVersion } from '../store/index.js';
import { localTarget } from './patient-records.js';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * A Patient id from a Parameters part: `valueReference` (`Patient/x`, or absolute under this server),
 * or a simple value (`Patient/x` or the bare id), also accepted in the query string.
 */
export function patientParam(call: OperationCall, name: string, base: string): string | undefined {
  const parts =
    call.body?.resourceType === 'Parameters' && Array.isArray(call.body.parameter)
      ? call.body.parameter.filter(isObject)
      : [];
  const part = parts.find((p) => p.name === name);
  let raw: unknown = call.params.get(name) ?? undefined;
  if (part && isObject(part.valueReference)) raw = part.valueReference.reference;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw errors.invalidParameter(`${name} must reference a Patient.`);
  const target = localTarget(raw, base);
  if (target) {
    if (target.type !== 'Patient') throw errors.invalidParameter(`${name} must reference a Patient.`);
    return target.id;
  }
  if (ID.test(raw)) return raw;
  throw errors.invalidParameter(`${name} must reference a Patient on this server (Patient/{id}).`);
}

export function requiredPatientParam(call: OperationCall, name: string, base: string): string {
  const id = patientParam(call, name, base);
  if (id === undefined)
    throw errors.invalidParameter(`The parameter ${name} (a Patient reference) is required.`);
  return id;
}

/** The free-text reason, bounded so it cannot become a dumping ground. */
export function reasonParam(call: OperationCall): string | undefined {
  const reason = call.params.get('reason') ?? undefined;
  if (reason === undefined || reason.trim() === '') return undefined;
  if (reason.length > 1000) throw errors.invalidParameter('reason must be at most 1000 characters.');
  return reason.trim();
}

/** Roles that may join and separate records: care staff, administrators, and Heartwood itself. */
const MAY_CHANGE_LINKS = new Set(['gp', 'clinician', 'admin', 'system', 'source']);

/**
 * Refuses patients, proxies, analysts and privacy officers: joining two records decides whose data a
 * clinician sees as one person's, so it is a care or records-management decision.
 */
export function requireLinkRole(principal: Principal): void {
  if (!MAY_CHANGE_LINKS.has(principal.role))
    throw errors.forbidden('Only care staff and administrators may link, merge or separate patient records.');
}

/** Who did it, as recorded beside the link: the acting person's resource, else the token subject. */
export function actorOf(principal: Principal): string {
  return principal.person ?? `subject:${principal.subject}`;
}

/** The current version of a Patient, parsed; 404 or 410 otherwise. */
export async function readPatient(
  store: ResourceStore,
  id: string,
): Promise<{ version: StoredVersion; patient: FhirResource }> {
  const version = await store.read('Patient', id);
  if (!version) throw errors.notFound(`Patient/${id} is not known.`);
  if (version.deleted || version.content === undefined)
    throw errors.gone(`Patient/${id} was deleted (version ${version.versionId}).`);
  return { version, patient: JSON.parse(version.content) as FhirResource };
}
