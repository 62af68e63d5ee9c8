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

export interface Practitioner extends FhirResource {
  resourceType: 'Practitioner';
  name?: HumanName[];
}

export interface Location extends FhirResource {
  resourceType: 'Location';
  name?: string;
  managingOrganization?: Reference;
}

export interface Schedule extends FhirResource {
  resourceType: 'Schedule';
  actor?: Reference[];
  comment?: string;
}

export interface Slot extends FhirResource {
  resourceType: 'Slot';
  schedule?: Reference;
  status?: 'free' | 'busy' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';
  start?: string;
  end?: string;
}

export interface Appointment extends FhirResource {
  resourceType: 'Appointment';
  status?: string;
  description?: string;
  start?: string;
  end?: string;
  created?: string;
  slot?: Reference[];
  participant?: { actor?: Reference; status?: string }[];
  cancelationReason?: CodeableConcept;
}

export interface Task extends FhirResource {
  resourceType: 'Task';
  status?: string;
  businessStatus?: CodeableConcept;
  intent?: string;
  code?: CodeableConcept;
  description?: string;
  focus?: Reference;
  for?: Reference;
  authoredOn?: string;
  lastModified?: string;
  requester?: Reference;
  owner?: Reference;
  note?: { text: string }[];
}

export interface Consent extends FhirResource {
  resourceType: 'Consent';
  status?: string;
  category?: CodeableConcept[];
  patient?: Reference;
  dateTime?: string;
  provision?: {
    type?: 'permit' | 'deny';
    securityLabel?: Coding[];
    actor?: { reference?: Reference }[];
    class?: Coding[];
    period?: Period;
  };
  extension?: { url: string; valueCode?: string }[];
}

export interface AuditEvent extends FhirResource {
  resourceType: 'AuditEvent';
  type?: Coding;
  subtype?: Coding[];
  action?: string;
  recorded?: string;
  outcome?: string;
  purposeOfEvent?: CodeableConcept[];
  agent?: {
    type?: CodeableConcept;
    who?: Reference;
    name?: string;
    requestor?: boolean;
    purposeOfUse?: CodeableConcept[];
    role?: CodeableConcept[];
  }[];
  source?: { observer?: Reference };
  entity?: {
    what?: Reference;
    type?: Coding;
    role?: Coding;
    name?: string;
    description?: string;
    detail?: { type?: string; valueString?: string }[];
  }[];
}

export interface RelatedPerson extends FhirResource {
  resourceType: 'RelatedPerson';
  patient?: Reference;
  name?: HumanName[];
}
