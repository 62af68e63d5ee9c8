import type { FhirResource } from '../fhir/index.js';
import type { CareProvider } from './care-providers.js';
import { SOURCE_BASE } from './care-providers.js';
import type { Prng } from './prng.js';

/**
 * Activity for the published performance measures (docs/measures.md), so the league tables have
 * numbers in the demo: emergency department attendances at each trust, referrals and the procedures
 * that treated them, and GP consultations of which some were video calls or booked in the NHS App.
 * Dates are fixed in the first half of 2025 (the demo's year), so the figures never drift.
 * Everything hangs off the existing demo patients: no new people.
 */
export interface PerformanceActivityInput {
  practices: CareProvider[];
  trusts: CareProvider[];
  patients: { id: string; practiceId: string }[];
}

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const SNOMED = 'http://snomed.info/sct';
const START = Date.parse('2025-01-02T08:00:00Z');
const LAST = Date.parse('2025-06-29T18:00:00Z');
const DAY = 86_400_000;
const MINUTE = 60_000;
/** The NHS App as a booking channel: a digital source for the digital-first measure. */
export const DEMO_APP_SOURCE = `${SOURCE_BASE}/app/nhs-app`;

export function performanceActivityResources(prng: Prng, input: PerformanceActivityInput): FhirResource[] {
  const out: FhirResource[] = [];
  const anyone = () => prng.pick(input.patients);
  const when = (from = START, to = LAST) => from + Math.floor(prng.next() * (to - from));

  input.trusts.forEach((trust, t) => {
    // Emergency attendances: the first trust meets the four hours a little more often.
    const withinShare = t === 0 ? 0.82 : 0.7;
    for (let i = 0; i < 60; i++) {
      const arrived = when();
      const minutes = prng.chance(withinShare) ? prng.int(45, 235) : prng.int(245, 720);
      out.push(
        encounter(prng, trust, anyone().id, 'EMER', 'emergency', arrived, arrived + minutes * MINUTE, {
          type: [
            { coding: [{ system: SNOMED, code: '4525004', display: 'Emergency department patient visit' }] },
          ],
        }),
      );
    }
    // Referrals from GP practices and the procedures that treated them, 3 to 30 weeks later.
    for (let i = 0; i < 40; i++) {
      const patient = anyone();
      const referred = when(Date.parse('2024-09-02T09:00:00Z'), Date.parse('2025-05-30T09:00:00Z'));
      const treated = referred + prng.int(3 * 7, 30 * 7) * DAY;
      const request = prng.uuid();
      out.push({
        resourceType: 'ServiceRequest',
        id: request,
        meta: { source: trust.source },
        status: treated <= LAST ? 'completed' : 'active',
        intent: 'order',
        category: [{ coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }] }],
        code: { coding: [{ system: SNOMED, code: '183521002', display: 'Referral to general surgeon' }] },
        subject: { reference: `Patient/${patient.id}` },
        authoredOn: new Date(referred).toISOString(),
        requester: { reference: `Organization/${patient.practiceId}` },
        performer: [{ reference: `Organization/${trust.id}` }],
      });
      if (treated > LAST) continue;
      out.push({
        resourceType: 'Procedure',
        id: prng.uuid(),
        meta: { source: trust.source },
        status: 'completed',
        code: { coding: [{ system: SNOMED, code: '387713003', display: 'Surgical procedure' }] },
        subject: { reference: `Patient/${patient.id}` },
        basedOn: [{ reference: `ServiceRequest/${request}` }],
        performedDateTime: new Date(treated).toISOString(),
      });
    }
  });

  // GP consultations: some by video, some booked in the NHS App, the rest booked by phone or in person.
  input.practices.forEach((practice, p) => {
    const video = [0.15, 0.25, 0.1][p % 3]!;
    const app = [0.2, 0.3, 0.15][p % 3]!;
    const registered = input.patients.filter((x) => x.practiceId === practice.id);
    for (let i = 0; i < 40; i++) {
      const patient = prng.pick(registered.length > 0 ? registered : input.patients);
      const start = when();
      const end = start + 10 * MINUTE;
      const roll = prng.next();
      if (roll < video) {
        out.push(encounter(prng, practice, patient.id, 'VR', 'virtual', start, end));
        continue;
      }
      const extra: Record<string, unknown> = {};
      if (roll < video + app) {
        const appointment = prng.uuid();
        out.push({
          resourceType: 'Appointment',
          id: appointment,
          meta: { source: DEMO_APP_SOURCE },
          status: 'fulfilled',
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
          participant: [{ actor: { reference: `Patient/${patient.id}` }, status: 'accepted' }],
        });
        extra.appointment = [{ reference: `Appointment/${appointment}` }];
      }
      out.push(encounter(prng, practice, patient.id, 'AMB', 'ambulatory', start, end, extra));
    }
  });
  return out;
}

function encounter(
  prng: Prng,
  provider: CareProvider,
  patientId: string,
  code: string,
  display: string,
  start: number,
  end: number,
  extra: Record<string, unknown> = {},
): FhirResource {
  return {
    resourceType: 'Encounter',
    id: prng.uuid(),
    meta: { source: provider.source },
    status: 'finished',
    class: { system: ACT, code, display },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: `Organization/${provider.id}` },
    period: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    ...extra,
  };
}
