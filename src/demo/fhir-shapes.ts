import type { Coding, FhirResource, Reference } from '../fhir/index.js';
import { BLOOD_PRESSURE, OBSERVATION_CATEGORY, UCUM } from './clinical-codes.js';
import type { Measurement } from './clinical-codes.js';

/** Small builders for the FHIR shapes the demo records repeat. */

export function ref(resourceType: string, id: string, display?: string): Reference {
  return display ? { reference: `${resourceType}/${id}`, display } : { reference: `${resourceType}/${id}` };
}

export function concept(...codings: Coding[]): { coding: Coding[]; text: string } {
  return { coding: codings, text: codings[codings.length - 1]?.display ?? '' };
}

/** `2024-03-05T09:40:00Z`: a FHIR dateTime/instant at whole minutes in UTC. */
export function instant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

export interface ObservationContext {
  id: string;
  source: string;
  patientId: string;
  encounterId: string;
  performerId: string;
  when: Date;
}

function observationBase(
  ctx: ObservationContext,
  category: string,
  code: { coding: Coding[]; text: string },
) {
  return {
    resourceType: 'Observation',
    id: ctx.id,
    meta: { source: ctx.source },
    status: 'final',
    category: [
      {
        coding: [
          {
            system: OBSERVATION_CATEGORY,
            code: category,
            display: category === 'laboratory' ? 'Laboratory' : 'Vital Signs',
          },
        ],
      },
    ],
    code,
    subject: ref('Patient', ctx.patientId),
    encounter: ref('Encounter', ctx.encounterId),
    effectiveDateTime: instant(ctx.when),
    issued: instant(addMinutes(ctx.when, category === 'laboratory' ? 24 * 60 : 5)),
    performer: [ref('Practitioner', ctx.performerId)],
  };
}

export function quantityObservation(ctx: ObservationContext, m: Measurement, value: number): FhirResource {
  return {
    ...observationBase(ctx, m.category, concept(m.loinc, m.snomed)),
    valueQuantity: { value, unit: m.unit, system: UCUM, code: m.ucum },
  };
}

export function bloodPressureObservation(
  ctx: ObservationContext,
  systolic: number,
  diastolic: number,
): FhirResource {
  const mmHg = (value: number) => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });
  return {
    ...observationBase(ctx, 'vital-signs', concept(BLOOD_PRESSURE.panel.loinc, BLOOD_PRESSURE.panel.snomed)),
    component: [
      {
        code: concept(BLOOD_PRESSURE.systolic.loinc, BLOOD_PRESSURE.systolic.snomed),
        valueQuantity: mmHg(systolic),
      },
      {
        code: concept(BLOOD_PRESSURE.diastolic.loinc, BLOOD_PRESSURE.diastolic.snomed),
        valueQuantity: mmHg(diastolic),
      },
    ],
  };
}

export function statusConcept(system: string, code: string, display: string) {
  return { coding: [{ system, code, display }] };
}
