import type { FhirResource } from '../fhir/index.js';
import type { CareProvider } from './care-providers.js';
import { ENCOUNTER_CLASS, ENCOUNTER_TYPES, HOSPITAL_DIAGNOSES, MEASUREMENTS } from './clinical-codes.js';
import type { Allergen } from './clinical-codes.js';
import {
  addDays,
  addMinutes,
  bloodPressureObservation,
  concept,
  dateOnly,
  instant,
  quantityObservation,
  ref,
  statusConcept,
} from './fhir-shapes.js';
import { allergyResource } from './gp-record.js';
import type { PatientProfile } from './patient-profile.js';
import type { Prng } from './prng.js';

/**
 * What a hospital trust's system records about a patient it saw: an emergency attendance or an
 * admission, the diagnosis, observations on arrival and, when asked, an allergy it was told about
 * (which the GP record may already hold: the single record then shows it from both sources).
 */
export function hospitalRecord(
  prng: Prng,
  p: PatientProfile,
  trust: CareProvider,
  o: { referenceDate: Date; allergy?: Allergen },
): FhirResource[] {
  const source = trust.source;
  const consultant = prng.pick(trust.clinicians);
  const admitted = prng.chance(0.5);
  const start = addMinutes(addDays(o.referenceDate, -prng.int(20, 400)), prng.int(0, 23 * 60));
  const end = admitted ? addDays(start, prng.int(2, 6)) : addMinutes(start, prng.int(150, 350));
  const encounterId = prng.uuid();
  const out: FhirResource[] = [
    {
      resourceType: 'Encounter',
      id: encounterId,
      meta: { source },
      status: 'finished',
      class: admitted ? ENCOUNTER_CLASS.inpatient : ENCOUNTER_CLASS.emergency,
      type: [concept(admitted ? ENCOUNTER_TYPES.admission : ENCOUNTER_TYPES.emergency)],
      subject: ref('Patient', p.id),
      participant: [{ individual: ref('Practitioner', consultant.id, consultant.display) }],
      period: { start: instant(start), end: instant(end) },
      serviceProvider: ref('Organization', trust.id, trust.name),
    },
    {
      resourceType: 'Condition',
      id: prng.uuid(),
      meta: { source },
      clinicalStatus: statusConcept(
        'http://terminology.hl7.org/CodeSystem/condition-clinical',
        admitted ? 'resolved' : 'inactive',
        admitted ? 'Resolved' : 'Inactive',
      ),
      verificationStatus: statusConcept(
        'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        'confirmed',
        'Confirmed',
      ),
      category: [
        statusConcept(
          'http://terminology.hl7.org/CodeSystem/condition-category',
          'encounter-diagnosis',
          'Encounter Diagnosis',
        ),
      ],
      code: concept(admitted ? HOSPITAL_DIAGNOSES.pneumonia : HOSPITAL_DIAGNOSES.chestPain),
      subject: ref('Patient', p.id),
      encounter: ref('Encounter', encounterId),
      onsetDateTime: dateOnly(start),
      abatementDateTime: dateOnly(end),
      recordedDate: instant(addMinutes(start, 40)),
      recorder: ref('Practitioner', consultant.id),
    },
  ];
  const ctx = (minutes: number) => ({
    id: prng.uuid(),
    source,
    patientId: p.id,
    encounterId,
    performerId: consultant.id,
    when: addMinutes(start, minutes),
  });
  out.push(
    bloodPressureObservation(
      ctx(15),
      p.baselineSystolic + prng.int(0, 20),
      p.baselineDiastolic + prng.int(0, 10),
    ),
  );
  const weight = Math.round(p.baselineBmi * (p.heightCm / 100) ** 2 * 10) / 10;
  out.push(quantityObservation(ctx(20), MEASUREMENTS.weight, weight));
  if (o.allergy) {
    out.push(
      allergyResource(prng, p, o.allergy, {
        source,
        recorderId: consultant.id,
        when: addMinutes(start, 30),
        encounterId,
      }),
    );
  }
  out.push(dischargeLetter(p, trust, { encounterId, admitted, start, end, consultant }));
  return out;
}

/**
 * The letter the hospital sends when the patient leaves, as a DocumentReference with the text inline.
 * Its id comes from the encounter's, so adding it draws nothing from the generator and leaves every
 * other demo record as it was.
 */
function dischargeLetter(
  p: PatientProfile,
  trust: CareProvider,
  o: {
    encounterId: string;
    admitted: boolean;
    start: Date;
    end: Date;
    consultant: { id: string; display: string };
  },
): FhirResource {
  const title = o.admitted ? 'Discharge summary' : 'Emergency department discharge letter';
  const diagnosis =
    (o.admitted ? HOSPITAL_DIAGNOSES.pneumonia : HOSPITAL_DIAGNOSES.chestPain).display ?? 'an illness';
  const text = [
    `${trust.name}`,
    `${title}, ${dateOnly(o.end)}`,
    '',
    o.admitted
      ? `You were admitted on ${dateOnly(o.start)} and treated for ${diagnosis.toLowerCase()}.`
      : `You came to the emergency department on ${dateOnly(o.start)} with ${diagnosis.toLowerCase()}.`,
    'Your GP practice has been sent a copy of this letter.',
    '',
    o.consultant.display,
  ].join('\n');
  return {
    resourceType: 'DocumentReference',
    id: `letter-${o.encounterId}`,
    meta: { source: trust.source },
    status: 'current',
    type: {
      coding: [
        o.admitted
          ? { system: 'http://loinc.org', code: '18842-5', display: 'Discharge summary' }
          : { system: 'http://loinc.org', code: '34111-5', display: 'Emergency department note' },
      ],
      text: title,
    },
    subject: ref('Patient', p.id),
    date: instant(o.end),
    author: [ref('Practitioner', o.consultant.id, o.consultant.display)],
    custodian: ref('Organization', trust.id, trust.name),
    description: title,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en-GB',
          data: Buffer.from(text, 'utf8').toString('base64'),
          title,
          creation: instant(o.end),
        },
      },
    ],
    context: {
      encounter: [ref('Encounter', o.encounterId)],
      period: { start: instant(o.start), end: instant(o.end) },
    },
  };
}
