import type { FhirResource, Reference } from '../fhir/index.js';
import type { CareProvider } from './care-providers.js';
import { addDays, addMinutes, instant, ref } from './fhir-shapes.js';
import type { Prng } from './prng.js';

const SERVICE_CATEGORY = 'http://terminology.hl7.org/CodeSystem/service-category';
const APPOINTMENT_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0276';
/** How far ahead the practices open their books. */
export const BOOKING_DAYS = 28;
/** Start times of the bookable appointments on each weekday, in minutes after midnight (UTC). */
const SESSION_STARTS = [9 * 60, 9 * 60 + 30, 10 * 60 + 20, 14 * 60, 14 * 60 + 40, 15 * 60 + 20];
const SLOT_MINUTES = 10;

export interface AppointmentPatient {
  id: string;
  /** The Organization id of the patient's GP practice. */
  practiceId: string;
}

function midnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * Appointment books for the demo practices: a Location and one Schedule per clinician, free Slots on
 * every weekday of the next four weeks counted from `today` (the day the demo is loaded, so booking
 * always has something to offer), a few of them already booked, and some past appointments.
 * The ids come from `prng`, the times from `today`: the same day gives the same resources.
 */
export function appointmentResources(
  prng: Prng,
  opts: { practices: CareProvider[]; patients: AppointmentPatient[]; today: Date },
): FhirResource[] {
  const out: FhirResource[] = [];
  const day0 = midnight(opts.today);
  const freeSlots = new Map<string, FhirResource[]>();
  // Schedules and Appointments name a Location, not an Organization: one for each practice's building.
  const locationIds = new Map<string, string>();
  for (const practice of opts.practices) {
    const locationId = prng.uuid();
    locationIds.set(practice.id, locationId);
    out.push({
      resourceType: 'Location',
      id: locationId,
      meta: { source: practice.source },
      status: 'active',
      name: practice.name,
      address: { city: practice.town.name },
      managingOrganization: ref('Organization', practice.id, practice.name),
    });
    const slots: FhirResource[] = [];
    for (const clinician of practice.clinicians) {
      const scheduleId = prng.uuid();
      const nurse = clinician.role === 'practice-nurse';
      out.push({
        resourceType: 'Schedule',
        id: scheduleId,
        meta: { source: practice.source },
        active: true,
        serviceCategory: [
          { coding: [{ system: SERVICE_CATEGORY, code: '17', display: 'General Practice' }] },
        ],
        actor: [
          ref('Practitioner', clinician.id, clinician.display),
          ref('Location', locationId, practice.name),
        ],
        planningHorizon: { start: instant(day0), end: instant(addDays(day0, BOOKING_DAYS + 1)) },
        comment: nurse ? 'Practice nurse appointments' : 'GP appointments',
      });
      for (let d = 1; d <= BOOKING_DAYS; d++) {
        const day = addDays(day0, d);
        const weekday = day.getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        for (const minutes of SESSION_STARTS) {
          const start = addMinutes(day, minutes);
          const slot: FhirResource = {
            resourceType: 'Slot',
            id: prng.uuid(),
            meta: { source: practice.source },
            serviceCategory: [
              { coding: [{ system: SERVICE_CATEGORY, code: '17', display: 'General Practice' }] },
            ],
            appointmentType: {
              coding: [{ system: APPOINTMENT_TYPE, code: 'ROUTINE', display: 'Routine appointment' }],
            },
            schedule: ref('Schedule', scheduleId),
            status: 'free',
            start: instant(start),
            end: instant(addMinutes(start, SLOT_MINUTES)),
          };
          slots.push(slot);
          out.push(slot);
        }
      }
    }
    freeSlots.set(practice.id, slots);
  }

  // Every third patient already has an appointment booked, and every other one went to one recently.
  opts.patients.forEach((patient, i) => {
    const practice = opts.practices.find((p) => p.id === patient.practiceId);
    const slots = freeSlots.get(patient.practiceId);
    const locationId = locationIds.get(patient.practiceId);
    if (!practice || !slots || !locationId) return;
    if (i % 3 === 0) {
      const free = slots.filter((s) => s.status === 'free');
      const slot = free[prng.int(0, Math.min(free.length, 40) - 1)];
      if (slot) {
        slot.status = 'busy';
        const scheduleId = (slot.schedule as { reference: string }).reference.slice('Schedule/'.length);
        const schedule = out.find((r) => r.resourceType === 'Schedule' && r.id === scheduleId)!;
        const practitioner = (schedule.actor as Reference[])[0]!;
        out.push(
          appointment(prng, {
            status: 'booked',
            patientId: patient.id,
            practitioner,
            locationId,
            practiceName: practice.name,
            source: practice.source,
            start: slot.start as string,
            end: slot.end as string,
            slotId: slot.id!,
            created: instant(addDays(day0, -prng.int(1, 10))),
            reason: prng.pick([
              'Review of my medicines',
              'Cough that will not go away',
              'Blood test results',
            ]),
          }),
        );
      }
    }
    if (i % 2 === 0) {
      const clinician = prng.pick(practice.clinicians);
      const start = addMinutes(addDays(day0, -prng.int(14, 120)), prng.pick(SESSION_STARTS));
      out.push(
        appointment(prng, {
          status: 'fulfilled',
          patientId: patient.id,
          practitioner: ref('Practitioner', clinician.id, clinician.display),
          locationId,
          practiceName: practice.name,
          source: practice.source,
          start: instant(start),
          end: instant(addMinutes(start, SLOT_MINUTES)),
          created: instant(addDays(start, -prng.int(2, 14))),
          reason: prng.pick(['Annual review', 'Sore knee', 'Vaccination']),
        }),
      );
    }
  });
  return out;
}

function appointment(
  prng: Prng,
  a: {
    status: 'booked' | 'fulfilled';
    patientId: string;
    practitioner: Reference;
    locationId: string;
    practiceName: string;
    source: string;
    start: string;
    end: string;
    slotId?: string;
    created: string;
    reason: string;
  },
): FhirResource {
  const resource: FhirResource = {
    resourceType: 'Appointment',
    id: prng.uuid(),
    meta: { source: a.source },
    status: a.status,
    serviceCategory: [{ coding: [{ system: SERVICE_CATEGORY, code: '17', display: 'General Practice' }] }],
    description: a.reason,
    start: a.start,
    end: a.end,
    minutesDuration: SLOT_MINUTES,
    created: a.created,
    participant: [
      { actor: ref('Patient', a.patientId), required: 'required', status: 'accepted' },
      { actor: a.practitioner, required: 'required', status: 'accepted' },
      { actor: ref('Location', a.locationId, a.practiceName), required: 'required', status: 'accepted' },
    ],
  };
  if (a.slotId) resource.slot = [ref('Slot', a.slotId)];
  return resource;
}
