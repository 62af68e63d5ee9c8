/** The code systems the pages recognise entries by. */
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const DMD = 'https://dmd.nhs.uk';
export const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
