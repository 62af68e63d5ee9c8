import type { Coding } from '../fhir/index.js';

/**
 * The coded vocabulary of the demo records, as UK systems record it: SNOMED CT for problems, allergies,
 * encounters and observables, LOINC alongside SNOMED CT for measurements, dm+d for medicines and
 * vaccines. Displays are the terms clinicians see.
 */
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const DMD = 'https://dmd.nhs.uk';
export const UCUM = 'http://unitsofmeasure.org';

const sct = (code: string, display: string): Coding => ({ system: SNOMED, code, display });
const dmd = (code: string, display: string): Coding => ({ system: DMD, code, display });

export interface Medicine {
  coding: Coding;
  dosage: string;
  /** Long-term repeat (continuous) or a short acute course. */
  course: 'continuous' | 'acute';
}

export const MEDICINES = {
  metformin: {
    coding: dmd('325278007', 'Metformin 500mg tablets'),
    dosage: 'One tablet twice a day with food',
    course: 'continuous',
  },
  amlodipine: {
    coding: dmd('319283006', 'Amlodipine 5mg tablets'),
    dosage: 'One tablet once a day',
    course: 'continuous',
  },
  aspirin: {
    coding: dmd('319773006', 'Aspirin 75mg dispersible tablets'),
    dosage: 'One tablet once a day',
    course: 'continuous',
  },
  salbutamol: {
    coding: dmd('39113611000001102', 'Salbutamol 100micrograms/dose inhaler CFC free'),
    dosage: 'Two puffs when required for breathlessness',
    course: 'continuous',
  },
  furosemide: {
    coding: dmd('317972000', 'Furosemide 40mg tablets'),
    dosage: 'One tablet each morning',
    course: 'continuous',
  },
  paracetamol: {
    coding: dmd('322236009', 'Paracetamol 500mg tablets'),
    dosage: 'One or two tablets up to four times a day when required',
    course: 'continuous',
  },
  amoxicillin: {
    coding: dmd('39732311000001104', 'Amoxicillin 250mg capsules'),
    dosage: 'One capsule three times a day for 5 days',
    course: 'acute',
  },
} satisfies Record<string, Medicine>;

export type MedicineKey = keyof typeof MEDICINES;

export interface LongTermCondition {
  coding: Coding;
  /** The youngest age at which the demo gives someone this condition. */
  minAge: number;
  /** Probability for a patient old enough. */
  prevalence: number;
  medicine?: MedicineKey;
  /** Conditions that mean regular HbA1c monitoring. */
  hba1c?: boolean;
}

export const LONG_TERM_CONDITIONS: LongTermCondition[] = [
  {
    coding: sct('44054006', 'Type 2 diabetes mellitus'),
    minAge: 35,
    prevalence: 0.25,
    medicine: 'metformin',
    hba1c: true,
  },
  { coding: sct('38341003', 'Hypertension'), minAge: 40, prevalence: 0.35, medicine: 'amlodipine' },
  { coding: sct('195967001', 'Asthma'), minAge: 5, prevalence: 0.15, medicine: 'salbutamol' },
  {
    coding: sct('13645005', 'Chronic obstructive lung disease'),
    minAge: 50,
    prevalence: 0.12,
    medicine: 'salbutamol',
  },
  { coding: sct('53741008', 'Coronary arteriosclerosis'), minAge: 55, prevalence: 0.15, medicine: 'aspirin' },
  { coding: sct('84114007', 'Heart failure'), minAge: 65, prevalence: 0.12, medicine: 'furosemide' },
  { coding: sct('396275006', 'Osteoarthritis'), minAge: 50, prevalence: 0.25, medicine: 'paracetamol' },
  { coding: sct('35489007', 'Depressive disorder'), minAge: 18, prevalence: 0.12 },
  { coding: sct('40930008', 'Hypothyroidism'), minAge: 30, prevalence: 0.06 },
];

export const ACUTE_BRONCHITIS = sct('10509002', 'Acute bronchitis');

export interface Allergen {
  coding: Coding;
  category: 'medication' | 'food' | 'environment';
  criticality: 'low' | 'high';
  reaction: Coding;
  severity: 'mild' | 'moderate' | 'severe';
}

export const ALLERGENS: Allergen[] = [
  {
    coding: sct('372687004', 'Amoxicillin'),
    category: 'medication',
    criticality: 'low',
    reaction: sct('247472004', 'Urticarial rash'),
    severity: 'mild',
  },
  {
    coding: sct('91936005', 'Allergy to penicillin'),
    category: 'medication',
    criticality: 'high',
    reaction: sct('39579001', 'Anaphylaxis'),
    severity: 'severe',
  },
  {
    coding: sct('91935009', 'Allergy to peanut'),
    category: 'food',
    criticality: 'high',
    reaction: sct('39579001', 'Anaphylaxis'),
    severity: 'severe',
  },
  {
    coding: sct('300916003', 'Latex allergy'),
    category: 'environment',
    criticality: 'low',
    reaction: sct('271807003', 'Eruption of skin'),
    severity: 'moderate',
  },
  {
    coding: sct('418689008', 'Allergy to grass pollen'),
    category: 'environment',
    criticality: 'low',
    reaction: sct('76067001', 'Sneezing'),
    severity: 'mild',
  },
];

/** The allergy both the GP and the hospital record for the patient seen in two places. */
export const SHARED_ALLERGEN: Allergen = ALLERGENS[0]!;

export const ENCOUNTER_TYPES = {
  gpConsultation: sct('185347001', 'Encounter for problem'),
  gpFollowUp: sct('390906007', 'Follow-up encounter'),
  gpTelephone: sct('185317003', 'Telephone encounter'),
  emergency: sct('4525004', 'Emergency department patient visit'),
  admission: sct('32485007', 'Hospital admission'),
};

export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const ENCOUNTER_CLASS = {
  ambulatory: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
  virtual: { system: ACT_CODE, code: 'VR', display: 'virtual' },
  emergency: { system: ACT_CODE, code: 'EMER', display: 'emergency' },
  inpatient: { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
};

export const HOSPITAL_DIAGNOSES = {
  chestPain: sct('29857009', 'Chest pain'),
  pneumonia: sct('233604007', 'Pneumonia'),
};

export interface Measurement {
  loinc: Coding;
  snomed: Coding;
  unit: string;
  ucum: string;
  category: 'vital-signs' | 'laboratory';
}

export const MEASUREMENTS = {
  weight: {
    loinc: { system: LOINC, code: '29463-7', display: 'Body weight' },
    snomed: sct('27113001', 'Body weight'),
    unit: 'kg',
    ucum: 'kg',
    category: 'vital-signs',
  },
  height: {
    loinc: { system: LOINC, code: '8302-2', display: 'Body height' },
    snomed: sct('50373000', 'Body height measure'),
    unit: 'cm',
    ucum: 'cm',
    category: 'vital-signs',
  },
  bmi: {
    loinc: { system: LOINC, code: '39156-5', display: 'Body mass index (BMI) [Ratio]' },
    snomed: sct('60621009', 'Body mass index'),
    unit: 'kg/m2',
    ucum: 'kg/m2',
    category: 'vital-signs',
  },
  hba1c: {
    loinc: {
      system: LOINC,
      code: '59261-8',
      display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol',
    },
    snomed: sct(
      '999791000000106',
      'Haemoglobin A1c level - International Federation of Clinical Chemistry and Laboratory Medicine standardised',
    ),
    unit: 'mmol/mol',
    ucum: 'mmol/mol',
    category: 'laboratory',
  },
} satisfies Record<string, Measurement>;

export const BLOOD_PRESSURE = {
  panel: {
    loinc: { system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' },
    snomed: sct('75367002', 'Blood pressure'),
  },
  systolic: {
    loinc: { system: LOINC, code: '8480-6', display: 'Systolic blood pressure' },
    snomed: sct('271649006', 'Systolic blood pressure'),
  },
  diastolic: {
    loinc: { system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' },
    snomed: sct('271650006', 'Diastolic blood pressure'),
  },
};

export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

export const VACCINES = {
  influenza: {
    coding: dmd(
      '11278411000001109',
      'Influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)',
    ),
  },
  covid19: {
    coding: dmd(
      '39116211000001106',
      'Generic COVID-19 Vaccine Vaxzevria (ChAdOx1 S [recombinant]) not less than 2.5x100,000,000 infectious units/0.5ml dose suspension for injection multidose vials',
    ),
  },
};
