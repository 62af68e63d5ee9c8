/** A small record written for the search tests: every value below is what a test searches for. */

export const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const HBA1C_VS = 'https://example.org/fhir/ValueSet/hba1c';

const quantity = (value: number, code: string) => ({ value, unit: code, system: UCUM, code });

export function searchFixtures() {
  return [
    {
      resourceType: 'Organization',
      id: 'org1',
      identifier: [{ system: ODS, value: 'RR8' }],
      name: 'Leeds Teaching Hospitals',
    },
    {
      resourceType: 'Organization',
      id: 'org2',
      identifier: [{ system: ODS, value: 'B86001' }],
      name: 'Northgate Practice',
    },
    {
      resourceType: 'Practitioner',
      id: 'pr1',
      name: [{ family: 'Okafor', given: ['Amara'], prefix: ['Dr'] }],
    },
    {
      resourceType: 'Patient',
      id: 'p1',
      text: {
        status: 'generated',
        div: '<div xmlns="http://www.w3.org/1999/xhtml">Zoë Åberg lives in Leeds</div>',
      },
      identifier: [{ system: NHS, value: '9000000009' }],
      active: true,
      name: [{ family: 'Åberg', given: ['Zoë'] }],
      telecom: [{ system: 'phone', value: '0113 123 4567' }],
      gender: 'female',
      birthDate: '1980-03-15',
      address: [{ city: 'Leeds', postalCode: 'LS1 4AP' }],
      generalPractitioner: [{ reference: 'Organization/org2' }],
    },
    {
      resourceType: 'Patient',
      id: 'p2',
      identifier: [
        { system: NHS, value: '9000000017' },
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
          system: 'urn:trust:mrn',
          value: 'MRN-77',
        },
      ],
      name: [{ family: 'Smith', given: ['John', 'Paul'] }],
      gender: 'male',
      birthDate: '1955-11-02',
      address: [{ city: 'York' }],
      generalPractitioner: [{ reference: 'Organization/org2' }],
      managingOrganization: { reference: 'Organization/org1' },
    },
    {
      resourceType: 'Patient',
      id: 'p3',
      meta: { tag: [{ system: 'urn:test:tags', code: 'vip' }] },
      name: [{ family: 'Smithson', given: ['Anne'] }],
      gender: 'female',
      birthDate: '2001',
    },
    {
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' }] },
      subject: { reference: 'Patient/p1' },
      performer: [{ reference: 'Practitioner/pr1' }],
      effectiveDateTime: '2024-02-10T09:30:00Z',
      valueQuantity: quantity(48, 'mmol/mol'),
    },
    {
      resourceType: 'Observation',
      id: 'o2',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2024-08-01',
      valueQuantity: quantity(53, 'mmol/mol'),
    },
    {
      resourceType: 'Observation',
      id: 'o3',
      status: 'preliminary',
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
      subject: { reference: 'Patient/p2' },
      effectivePeriod: { start: '2024-03-01', end: '2024-03-02' },
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: quantity(140, 'mm[Hg]') },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: quantity(90, 'mm[Hg]') },
      ],
    },
    {
      resourceType: 'Observation',
      id: 'o4',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] },
      subject: { reference: 'Patient/p2', identifier: { system: NHS, value: '9000000017' } },
      effectiveDateTime: '2023-12-31',
      valueQuantity: { value: 82.5, unit: 'kg' },
    },
    {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: 'Patient/p1' },
      period: { start: '2024-02-10T09:00:00Z', end: '2024-02-10T10:00:00Z' },
      serviceProvider: { reference: 'Organization/org1' },
    },
    {
      resourceType: 'Condition',
      id: 'c1',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: { coding: [{ system: SNOMED, code: '44054006', display: 'Diabetes mellitus type 2' }] },
      subject: { reference: 'Patient/p1' },
      onsetDateTime: '2019',
    },
    {
      resourceType: 'RiskAssessment',
      id: 'r1',
      status: 'final',
      subject: { reference: 'Patient/p1' },
      prediction: [{ probabilityDecimal: 0.25 }],
    },
    {
      resourceType: 'ValueSet',
      id: 'vs1',
      url: HBA1C_VS,
      status: 'active',
      compose: { include: [{ system: LOINC, concept: [{ code: '4548-4' }] }] },
    },
    {
      resourceType: 'List',
      id: 'l1',
      status: 'current',
      mode: 'working',
      entry: [{ item: { reference: 'Observation/o1' } }],
    },
    {
      resourceType: 'Questionnaire',
      id: 'q1',
      url: 'http://example.org/Questionnaire/phq9',
      status: 'active',
    },
  ];
}
