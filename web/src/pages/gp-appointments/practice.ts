import type { FhirClient } from '../../fhir/fhir-client.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Location, Organization, Patient, Schedule, Slot } from '../../fhir/resources.js';
import { slotsByDay } from './free-slots.js';
import type { SlotDay } from './free-slots.js';

export interface Practice {
  id: string;
  name: string;
}

/** The patient's GP practice: the Organization their record names as general practitioner. */
export async function patientPractice(
  client: FhirClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<Practice | undefined> {
  const patient = await client.read<Patient>('Patient', patientId, signal);
  const ref = patient.generalPractitioner?.find((r) => r.reference?.startsWith('Organization/'));
  if (!ref?.reference) return undefined;
  const id = ref.reference.slice('Organization/'.length);
  const organization = await client.read<Organization>('Organization', id, signal);
  return { id, name: organization.name ?? ref.display ?? '' };
}

/** Every free slot the practice offers from now on: its buildings, their schedules, their free slots. */
export async function practiceFreeSlots(
  client: FhirClient,
  practice: Practice,
  signal?: AbortSignal,
): Promise<SlotDay[]> {
  const locations = matchedResources<Location>(
    await client.search('Location', { organization: `Organization/${practice.id}`, _count: 50 }, signal),
    'Location',
  );
  if (locations.length === 0) return [];
  const schedules = matchedResources<Schedule>(
    await client.search(
      'Schedule',
      { actor: locations.map((l) => `Location/${l.id}`), active: 'true', _count: 100 },
      signal,
    ),
    'Schedule',
  );
  if (schedules.length === 0) return [];
  const now = new Date();
  const slots = matchedResources<Slot>(
    await client.searchAll(
      'Slot',
      {
        schedule: schedules.map((s) => `Schedule/${s.id}`),
        status: 'free',
        start: `gt${now.toISOString()}`,
        _sort: 'start',
        _count: 500,
      },
      { signal, maxPages: 10 },
    ),
    'Slot',
  );
  return slotsByDay(slots, schedules, now);
}
