import { randomUUID } from 'node:crypto';
import { errors, FhirError } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import { appointmentErrors, checkActsFor, idOf, parameterText } from './appointment-rules.js';

/** Schedule actors that become Appointment participants (R4 allows these in both). */
const PARTICIPANT_TYPES = ['Practitioner/', 'PractitionerRole/', 'Location/', 'HealthcareService/'];
const MAX_REASON = 500;

/**
 * `POST Appointment/$book` (Parameters: `slot`, `patient`, `reason`): books a free, future Slot in
 * one transaction: the Appointment (booked, the patient plus the Schedule's practitioner and place)
 * and the Slot marked busy, written with If-Match on the Slot version read, so two bookings of one
 * slot cannot both win: the second gets 409 HW-APPT-001.
 */
export function createAppointmentBook(): OperationDefinition {
  return {
    name: 'book',
    levels: ['type'],
    resourceTypes: ['Appointment'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Appointment-book',
    affectsState: true,
    run: book,
  };
}

async function book(ctx: OperationContext, call: OperationCall) {
  const slotRef = parameterText(call, 'slot');
  const patientRef = parameterText(call, 'patient') ?? ctx.principal.patient;
  if (!slotRef) throw appointmentErrors.missing('Say which slot to book: the `slot` parameter.');
  if (!patientRef)
    throw appointmentErrors.missing('Say who the appointment is for: the `patient` parameter.');
  const slotId = idOf(slotRef, 'Slot');
  const patientId = idOf(patientRef, 'Patient');
  checkActsFor(ctx.principal, patientId, 'book');
  const reason = parameterText(call, 'reason')?.trim().slice(0, MAX_REASON);

  // Slots and Schedules are the practice's: the patient may not write them, so the rules here are
  // checked on the elevated store and only the new Appointment goes back to the caller.
  const written = await ctx.elevated.transaction(async (store) => {
    const patient = await store.read('Patient', patientId);
    if (!patient || patient.deleted) throw errors.notFound(`Patient/${patientId} is not known.`);
    const stored = await store.read('Slot', slotId);
    if (!stored || stored.deleted) throw errors.notFound(`Slot/${slotId} is not known.`);
    const slot = JSON.parse(stored.content!) as FhirResource & { id: string };
    if (slot.status !== 'free') throw appointmentErrors.slotTaken('This slot has already been booked.');
    if (typeof slot.start !== 'string' || Date.parse(slot.start) <= Date.now())
      throw appointmentErrors.slotPast('This slot is in the past: choose a later one.');
    const scheduleRef = (slot.schedule as { reference?: string } | undefined)?.reference ?? '';
    const schedule = scheduleRef.startsWith('Schedule/')
      ? await store.read('Schedule', scheduleRef.slice('Schedule/'.length))
      : undefined;
    const actors = schedule?.content
      ? ((JSON.parse(schedule.content) as { actor?: { reference?: string; display?: string }[] }).actor ?? [])
      : [];
    const now = new Date().toISOString();
    const appointment: FhirResource & { id: string } = {
      resourceType: 'Appointment',
      id: randomUUID(),
      status: 'booked',
      ...(slot.serviceCategory ? { serviceCategory: slot.serviceCategory } : {}),
      ...(slot.serviceType ? { serviceType: slot.serviceType } : {}),
      ...(slot.appointmentType ? { appointmentType: slot.appointmentType } : {}),
      ...(reason ? { description: reason } : {}),
      start: slot.start,
      ...(typeof slot.end === 'string' ? { end: slot.end } : {}),
      created: now,
      slot: [{ reference: `Slot/${slotId}` }],
      participant: [
        { actor: { reference: `Patient/${patientId}` }, required: 'required', status: 'accepted' },
        ...actors
          .filter((a) => PARTICIPANT_TYPES.some((t) => a.reference?.startsWith(t)))
          .map((a) => ({ actor: a, required: 'required', status: 'accepted' })),
      ],
    };
    try {
      const [, created] = await store.write([
        { op: 'update', resource: { ...slot, status: 'busy' }, ifMatch: stored.versionId },
        { op: 'create', resource: appointment },
      ]);
      return created!;
    } catch (error) {
      // Another booking changed the slot between our read and our write.
      if (error instanceof FhirError && (error.status === 412 || error.status === 409))
        throw appointmentErrors.slotTaken('This slot has just been booked by someone else.');
      throw error;
    }
  });
  return {
    status: 201,
    body: written.content!,
    location: `${ctx.base}/Appointment/${written.id}/_history/${written.versionId}`,
    versionId: written.versionId,
    lastModified: written.lastUpdated,
  };
}
