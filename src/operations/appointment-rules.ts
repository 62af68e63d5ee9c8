import { FhirError } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { Principal, Role } from '../auth/principal.js';
import type { OperationCall } from '../rest/index.js';

/**
 * What `Appointment/$book` and `Appointment/{id}/$cancel` share: reading their Parameters, who may
 * book or cancel for whom, and their errors (HW-APPT codes, docs/errors.md).
 */

/** Roles that book and cancel on a patient's behalf (reception, clinicians, Heartwood itself). */
const STAFF_ROLES: ReadonlySet<Role> = new Set(['gp', 'clinician', 'admin', 'system']);

export const appointmentErrors = {
  slotTaken: (diagnostics: string) =>
    new FhirError(409, { severity: 'error', code: 'conflict', detailsCode: 'HW-APPT-001', diagnostics }),
  slotPast: (diagnostics: string) =>
    new FhirError(422, { severity: 'error', code: 'processing', detailsCode: 'HW-APPT-002', diagnostics }),
  notYours: (diagnostics: string) =>
    new FhirError(403, { severity: 'error', code: 'forbidden', detailsCode: 'HW-APPT-003', diagnostics }),
  notCancellable: (diagnostics: string) =>
    new FhirError(409, { severity: 'error', code: 'processing', detailsCode: 'HW-APPT-004', diagnostics }),
  missing: (diagnostics: string) =>
    new FhirError(400, { severity: 'error', code: 'required', detailsCode: 'HW-APPT-005', diagnostics }),
};

/**
 * A parameter's value as text: `valueReference.reference`, `valueString` or any simple value (the
 * service has already copied simple values into `params`; references it leaves to the operation).
 */
export function parameterText(call: OperationCall, name: string): string | undefined {
  const parameters = call.body?.resourceType === 'Parameters' ? call.body.parameter : undefined;
  if (Array.isArray(parameters)) {
    for (const p of parameters as { name?: unknown; valueReference?: { reference?: unknown } }[]) {
      if (p.name === name && typeof p.valueReference?.reference === 'string')
        return p.valueReference.reference;
    }
  }
  const simple = call.params.get(name);
  return simple === null || simple.trim() === '' ? undefined : simple;
}

/** `Type/id` or a bare id to the id, refusing references to anything else. */
export function idOf(reference: string, type: string): string {
  const match = new RegExp(`^(?:.*/)?(?:${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(reference);
  if (!match || (reference.includes('/') && !reference.includes(`${type}/`)))
    throw appointmentErrors.missing(`${reference.slice(0, 80)} is not a reference to a ${type}.`);
  return match[1]!;
}

/** A patient or proxy acts only for their own patient; staff roles for anyone. */
export function checkActsFor(principal: Principal, patientId: string, what: string): void {
  if (STAFF_ROLES.has(principal.role)) return;
  if ((principal.role === 'patient' || principal.role === 'proxy') && principal.patient === patientId) return;
  throw appointmentErrors.notYours(
    `You can only ${what} your own appointments (or those of someone you act for).`,
  );
}

/** The Patient id among an Appointment's participants. */
export function appointmentPatient(appointment: FhirResource): string | undefined {
  const participants = Array.isArray(appointment.participant) ? appointment.participant : [];
  for (const p of participants as { actor?: { reference?: string } }[]) {
    const ref = p.actor?.reference;
    if (ref?.startsWith('Patient/')) return ref.slice('Patient/'.length);
  }
  return undefined;
}
