/**
 * Types that describe the health service rather than a person: readable by every signed-in caller
 * (a patient needs the name of their practice and the free slots to book), written only by
 * administrators, sources and Heartwood itself. A resource of these types that sits in a patient's
 * record (its patient key is not its own id) is patient data all the same.
 */
export const REFERENCE_TYPES: readonly string[] = [
  'ActivityDefinition',
  'CapabilityStatement',
  'CodeSystem',
  'ConceptMap',
  'Endpoint',
  'HealthcareService',
  'Library',
  'Location',
  'Measure',
  'Medication',
  'NamingSystem',
  'OperationDefinition',
  'Organization',
  'PlanDefinition',
  'Practitioner',
  'PractitionerRole',
  'Questionnaire',
  'Schedule',
  'SearchParameter',
  'Slot',
  'StructureDefinition',
  'Substance',
  'ValueSet',
];
