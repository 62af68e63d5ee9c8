import type { FhirResource } from '../fhir/index.js';
import {
  ACUTE_BRONCHITIS,
  ENCOUNTER_CLASS,
  ENCOUNTER_TYPES,
  MEASUREMENTS,
  MEDICINES,
  VACCINES,
} from './clinical-codes.js';
import type { Allergen, MedicineKey } from './clinical-codes.js';
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
import type { ObservationContext } from './fhir-shapes.js';
import { NHS_NUMBER_SYSTEM } from '../identity/index.js';
import type { PatientProfile } from './patient-profile.js';
import type { Prng } from './prng.js';

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
const COURSE_OF_THERAPY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy';
const NHS_NUMBER_VERIFICATION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const NHS_NUMBER_VERIFICATION_CODES =
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

export function patientResource(p: PatientProfile): FhirResource {
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { source: p.practice.source },
    identifier: [
      {
        extension: [
          {
            url: NHS_NUMBER_VERIFICATION,
            valueCodeableConcept: statusConcept(
              NHS_NUMBER_VERIFICATION_CODES,
              '01',
              'Number present and verified',
            ),
          },
        ],
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.family, given: [p.given], prefix: [p.prefix] }],
    telecom: [{ system: 'phone', value: p.mobile, use: 'mobile' }],
    gender: p.gender,
    birthDate: dateOnly(p.birthDate),
    address: [
      {
        use: 'home',
        line: [p.address.line],
        city: p.address.city,
        district: p.address.district,
        postalCode: p.address.postalCode,
      },
    ],
    generalPractitioner: [
      ref('Organization', p.practice.id, p.practice.name),
      ref('Practitioner', p.usualGp.id, p.usualGp.display),
    ],
    managingOrganization: ref('Organization', p.practice.id, p.practice.name),
  };
}

export function allergyResource(
  prng: Prng,
  p: PatientProfile,
  allergen: Allergen,
  recorded: { source: string; recorderId: string; when: Date; encounterId?: string },
): FhirResource {
  const resource: FhirResource = {
    resourceType: 'AllergyIntolerance',
    id: prng.uuid(),
    meta: { source: recorded.source },
    clinicalStatus: statusConcept(ALLERGY_CLINICAL, 'active', 'Active'),
    verificationStatus: statusConcept(ALLERGY_VERIFICATION, 'confirmed', 'Confirmed'),
    type: 'allergy',
    category: [allergen.category],
    criticality: allergen.criticality,
    code: concept(allergen.coding),
    patient: ref('Patient', p.id),
    recordedDate: instant(recorded.when),
    recorder: ref('Practitioner', recorded.recorderId),
    reaction: [{ manifestation: [concept(allergen.reaction)], severity: allergen.severity }],
  };
  if (recorded.encounterId) resource.encounter = ref('Encounter', recorded.encounterId);
  return resource;
}

/**
 * The patient's GP record: registration, consultations with their measurements, the problem list,
 * repeat and acute medicines, allergies and immunisations, all stamped with the practice's system.
 */
export function gpRecord(prng: Prng, p: PatientProfile, referenceDate: Date): FhirResource[] {
  const source = p.practice.source;
  const out: FhirResource[] = [patientResource(p)];
  const adult = p.age >= 18;
  const hba1cMonitored = p.conditions.some((c) => c.condition.hba1c);

  // Consultations over the last three years, oldest first.
  const visits = Math.min(6, 2 + p.conditions.length);
  const days = Array.from({ length: visits }, () => prng.int(7, 3 * 365)).sort((a, b) => b - a);
  const encounters: { id: string; start: Date; clinicianId: string }[] = [];
  days.forEach((daysAgo, n) => {
    const start = addMinutes(addDays(referenceDate, -daysAgo), 8 * 60 + 30 + prng.int(0, 50) * 10);
    const telephone = n > 0 && prng.chance(0.2);
    const clinician = !telephone && prng.chance(0.3) ? p.nurse : p.usualGp;
    const type = telephone
      ? ENCOUNTER_TYPES.gpTelephone
      : n === 0
        ? ENCOUNTER_TYPES.gpConsultation
        : ENCOUNTER_TYPES.gpFollowUp;
    const id = prng.uuid();
    encounters.push({ id, start, clinicianId: clinician.id });
    out.push({
      resourceType: 'Encounter',
      id,
      meta: { source },
      status: 'finished',
      class: telephone ? ENCOUNTER_CLASS.virtual : ENCOUNTER_CLASS.ambulatory,
      type: [concept(type)],
      subject: ref('Patient', p.id),
      participant: [{ individual: ref('Practitioner', clinician.id, clinician.display) }],
      period: { start: instant(start), end: instant(addMinutes(start, telephone ? 8 : 12)) },
      serviceProvider: ref('Organization', p.practice.id, p.practice.name),
    });
    if (telephone) return;

    const ctx = (when: Date): ObservationContext => ({
      id: prng.uuid(),
      source,
      patientId: p.id,
      encounterId: id,
      performerId: clinician.id,
      when,
    });
    const bmi = Math.round((p.baselineBmi + prng.decimal(-1.2, 1.2, 1)) * 10) / 10;
    const weight = Math.round(bmi * (p.heightCm / 100) ** 2 * 10) / 10;
    const at = addMinutes(start, 5);
    if (n === 0) out.push(quantityObservation(ctx(at), MEASUREMENTS.height, p.heightCm));
    out.push(quantityObservation(ctx(at), MEASUREMENTS.weight, weight));
    if (adult) {
      out.push(quantityObservation(ctx(at), MEASUREMENTS.bmi, bmi));
      out.push(
        bloodPressureObservation(
          ctx(at),
          p.baselineSystolic + prng.int(-8, 8),
          p.baselineDiastolic + prng.int(-5, 5),
        ),
      );
    }
    if (hba1cMonitored) {
      out.push(
        quantityObservation(
          ctx(addMinutes(start, 10)),
          MEASUREMENTS.hba1c,
          p.baselineHba1c + prng.int(-6, 6),
        ),
      );
    }
  });

  const first = encounters[0]!;
  const conditionIds = new Map<string, string>();
  for (const { condition, onset } of p.conditions) {
    const id = prng.uuid();
    conditionIds.set(condition.coding.code!, id);
    out.push({
      resourceType: 'Condition',
      id,
      meta: { source },
      clinicalStatus: statusConcept(CONDITION_CLINICAL, 'active', 'Active'),
      verificationStatus: statusConcept(CONDITION_VERIFICATION, 'confirmed', 'Confirmed'),
      category: [statusConcept(CONDITION_CATEGORY, 'problem-list-item', 'Problem List Item')],
      code: concept(condition.coding),
      subject: ref('Patient', p.id),
      onsetDateTime: dateOnly(onset),
      recordedDate: instant(addDays(onset, prng.int(1, 40))),
      recorder: ref('Practitioner', p.usualGp.id),
    });
    if (condition.medicine) {
      out.push(
        medicationRequest(prng, p, condition.medicine, {
          authored: addDays(onset, prng.int(1, 60)),
          reasonConditionId: id,
          status: 'active',
        }),
      );
    }
  }

  if (p.allergy) {
    out.push(
      allergyResource(prng, p, p.allergy, {
        source,
        recorderId: p.usualGp.id,
        when: first.start,
        encounterId: first.id,
      }),
    );
  }

  // A chest infection treated with amoxicillin, unless the patient reacts to penicillins.
  const penicillinAllergy = p.allergy?.category === 'medication';
  if (adult && !penicillinAllergy && prng.chance(0.25)) {
    const visit = prng.pick(encounters);
    const id = prng.uuid();
    out.push({
      resourceType: 'Condition',
      id,
      meta: { source },
      clinicalStatus: statusConcept(CONDITION_CLINICAL, 'resolved', 'Resolved'),
      verificationStatus: statusConcept(CONDITION_VERIFICATION, 'confirmed', 'Confirmed'),
      category: [statusConcept(CONDITION_CATEGORY, 'encounter-diagnosis', 'Encounter Diagnosis')],
      code: concept(ACUTE_BRONCHITIS),
      subject: ref('Patient', p.id),
      encounter: ref('Encounter', visit.id),
      onsetDateTime: dateOnly(addDays(visit.start, -4)),
      abatementDateTime: dateOnly(addDays(visit.start, 14)),
      recordedDate: instant(visit.start),
      recorder: ref('Practitioner', visit.clinicianId),
    });
    out.push(
      medicationRequest(prng, p, 'amoxicillin', {
        authored: visit.start,
        reasonConditionId: id,
        status: 'completed',
        encounterId: visit.id,
      }),
    );
  }

  // Seasonal flu for the over-65s and anyone with a long-term condition; a first COVID-19 dose for adults.
  if (p.age >= 65 || (adult && p.conditions.length > 0)) {
    for (const year of [2023, 2024]) {
      out.push(
        immunization(prng, p, VACCINES.influenza.coding, new Date(Date.UTC(year, 9, prng.int(1, 28), 10, 0))),
      );
    }
  }
  // Old enough in 2021 to have been offered it.
  if (p.age >= 22)
    out.push(
      immunization(
        prng,
        p,
        VACCINES.covid19.coding,
        new Date(Date.UTC(2021, prng.int(0, 5), prng.int(1, 28), 11, 0)),
      ),
    );
  return out;
}

function medicationRequest(
  prng: Prng,
  p: PatientProfile,
  key: MedicineKey,
  o: { authored: Date; reasonConditionId: string; status: 'active' | 'completed'; encounterId?: string },
): FhirResource {
  const medicine = MEDICINES[key];
  const resource: FhirResource = {
    resourceType: 'MedicationRequest',
    id: prng.uuid(),
    meta: { source: p.practice.source },
    status: o.status,
    intent: 'order',
    courseOfTherapyType:
      medicine.course === 'continuous'
        ? statusConcept(COURSE_OF_THERAPY, 'continuous', 'Continuous long term therapy')
        : statusConcept(COURSE_OF_THERAPY, 'acute', 'Short course (acute) therapy'),
    medicationCodeableConcept: concept(medicine.coding),
    subject: ref('Patient', p.id),
    authoredOn: instant(o.authored),
    requester: ref('Practitioner', p.usualGp.id, p.usualGp.display),
    reasonReference: [ref('Condition', o.reasonConditionId)],
    dosageInstruction: [{ text: medicine.dosage }],
  };
  if (o.encounterId) resource.encounter = ref('Encounter', o.encounterId);
  return resource;
}

function immunization(
  prng: Prng,
  p: PatientProfile,
  vaccine: { system?: string; code?: string; display?: string },
  when: Date,
): FhirResource {
  return {
    resourceType: 'Immunization',
    id: prng.uuid(),
    meta: { source: p.practice.source },
    status: 'completed',
    vaccineCode: concept(vaccine),
    patient: ref('Patient', p.id),
    occurrenceDateTime: instant(when),
    recorded: instant(addMinutes(when, 15)),
    primarySource: true,
    lotNumber: `${String.fromCharCode(65 + prng.int(0, 25))}${String.fromCharCode(65 + prng.int(0, 25))}${prng.int(1000, 9999)}`,
    performer: [{ actor: ref('Practitioner', p.nurse.id, p.nurse.display) }],
    protocolApplied: [{ doseNumberPositiveInt: 1 }],
  };
}
