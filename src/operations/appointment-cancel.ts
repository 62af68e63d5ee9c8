import { errors } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import { appointmentErrors, appointmentPatient, checkActsFor, parameterText } from './appointment-rules.js';

const CANCELLABLE = new Set(['proposed', 'pending', 'booked']);
const MAX_REASON = 500;

/**
 * `POST Appointment/{id}/$cancel` (Parameters: `reason`): sets the Appointment cancelled, with the
 * reason, and frees its Slots, in one transaction. Only the patient (or someone acting for them, or
 * staff) may cancel; an appointment already cancelled, attended or missed gives 409 HW-APPT-004.
 */
export function createAppointmentCancel(): OperationDefinition {
  return {
    name: 'cancel',
    levels: ['instance'],
    resourceTypes: ['Appointment'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Appointment-cancel',
    affectsState: true,
    run: cancel,
  };
}

async function cancel(ctx: OperationContext, call: OperationCall) {
  const id = call.id!;
  const reason = parameterText(call, 'reason')?.trim().slice(0, MAX_REASON);
  const written = await ctx.elevated.transaction(async (store) => {
    const stored = await store.read('Appointment', id);
    if (!stored || stored.deleted) throw errors.notFound(`Appointment/${id} is not known.`);
    const appointment = JSON.parse(stored.content!) as FhirResource & { id: string };
    const patientId = appointmentPatient(appointment);
    // Someone else's appointment is answered as the patient's own policy would: not theirs to change.
    if (!patientId) throw appointmentErrors.notYours('This appointment has no patient to cancel it for.');
    checkActsFor(ctx.principal, patientId, 'cancel');
    if (!CANCELLABLE.has(appointment.status as string))
      throw appointmentErrors.notCancellable(
        `This appointment is ${String(appointment.status)}: it cannot be cancelled.`,
      );
    const slots: (FhirResource & { id: string })[] = [];
    const versions: number[] = [];
    for (const ref of (appointment.slot as { reference?: string }[] | undefined) ?? []) {
      if (!ref.reference?.startsWith('Slot/')) continue;
      const slot = await store.read('Slot', ref.reference.slice('Slot/'.length));
      if (!slot?.content) continue;
      const resource = JSON.parse(slot.content) as FhirResource & { id: string };
      if (resource.status !== 'busy') continue;
      slots.push({ ...resource, status: 'free' });
      versions.push(slot.versionId);
    }
    const [updated] = await store.write([
      {
        op: 'update',
        resource: {
          ...appointment,
          status: 'cancelled',
          ...(reason ? { cancelationReason: { text: reason } } : {}),
        },
        ifMatch: stored.versionId,
      },
      ...slots.map((resource, i) => ({ op: 'update' as const, resource, ifMatch: versions[i] })),
    ]);
    return updated!;
  });
  return {
    status: 200,
    body: written.content!,
    versionId: written.versionId,
    lastModified: written.lastUpdated,
  };
}
