/**
 * The parts of the FHIR R4 resources the pages read. Shared shapes come from the server's own
 * `src/fhir` types (types only: nothing from the server is bundled into the pages).
 */
import type {
  Bundle,
  BundleEntry,
  Coding,
  FhirResource,
  Identifier,
  OperationOutcome,
  Reference,
} from '../../../src/fhir/index.js';

export type { Bundle, BundleEntry, Coding, FhirResource, Identifier, OperationOutcome, Reference };

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Quantity {
  value?: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  system?: string;
  code?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
}

export interface Patient extends FhirResource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: string;
  birthDate?: string;
  generalPractitioner?: Reference[];
}

export interface Organization extends FhirResource {
  resourceType: 'Organization';
  identifier?: Identifier[];
  name?: string;
  type?: CodeableConcept[];
}

export interface AllergyIntolerance extends FhirResource {
  resourceType: 'AllergyIntolerance';
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  type?: 'allergy' | 'intolerance';
  category?: ('food' | 'medication' | 'environment' | 'biologic')[];
  criticality?: 'low' | 'high' | 'unable-to-assess';
  code?: CodeableConcept;
  onsetDateTime?: string;
  recordedDate?: string;
  reaction?: { manifestation?: CodeableConcept[]; severity?: 'mild' | 'moderate' | 'severe' }[];
}

export interface Condition extends FhirResource {
  resourceType: 'Condition';
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  category?: CodeableConcept[];
  code?: CodeableConcept;
  onsetDateTime?: string;
  onsetString?: string;
  abatementDateTime?: string;
  recordedDate?: string;
}

export interface MedicationRequest extends FhirResource {
  resourceType: 'MedicationRequest';
  status?: string;
  intent?: string;
  courseOfTherapyType?: CodeableConcept;
  medicationCodeableConcept?: CodeableConcept;
  medicationReference?: Reference;
  authoredOn?: string;
  dosageInstruction?: { text?: string; patientInstruction?: string }[];
}

export interface Immunization extends FhirResource {
  resourceType: 'Immunization';
  status?: string;
  vaccineCode?: CodeableConcept;
  occurrenceDateTime?: string;
  occurrenceString?: string;
  protocolApplied?: { doseNumberPositiveInt?: number; doseNumberString?: string }[];
}

export interface ObservationComponent {
  code?: CodeableConcept;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
}

export interface Observation extends FhirResource {
  resourceType: 'Observation';
  status?: string;
  category?: CodeableConcept[];
  code?: CodeableConcept;
  effectiveDateTime?: string;
  effectivePeriod?: Period;
  effectiveInstant?: string;
  issued?: string;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  component?: ObservationComponent[];
}

export interface Encounter extends FhirResource {
  resourceType: 'Encounter';
  status?: string;
  class?: Coding;
  type?: CodeableConcept[];
  serviceType?: CodeableConcept;
  period?: Period;
  serviceProvider?: Reference;
  participant?: { individual?: Reference }[];
  reasonCode?: CodeableConcept[];
}
