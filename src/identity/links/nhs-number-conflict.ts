import type { FhirResource } from '../../fhir/index.js';
import { personRecordFromPatient } from '../person-from-patient.js';

/**
 * Whether two Patients carry different valid NHS numbers. Such records are never joined without PDS:
 * either two people, or a duplicate NHS number to resolve at the spine — linking would hide either.
 */
export function conflictingNhsNumbers(a: FhirResource, b: FhirResource): boolean {
  const x = personRecordFromPatient(a).nhsNumber;
  const y = personRecordFromPatient(b).nhsNumber;
  return x !== undefined && y !== undefined && x !== y;
}
