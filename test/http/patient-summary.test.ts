import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidator, loadR4Definitions } from '../../src/fhir/validation/index.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

interface Resource {
  resourceType: string;
  id: string;
  [k: string]: unknown;
}
interface Section {
  title: string;
  code: { coding: { code: string }[] };
  text: { status: string; div: string };
  entry?: { reference: string }[];
  emptyReason?: { coding: { system: string; code: string }[] };
}
interface DocumentBundle {
  resourceType: string;
  type: string;
  identifier?: { system: string; value: string };
  timestamp?: string;
  entry: { fullUrl: string; resource: Resource }[];
}

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const OBS_CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';
const cc = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }] });
const status = (system: string, code: string) => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${system}`, code }],
});
const allergyActive = status('allergyintolerance-clinical', 'active');
const confirmed = status('allergyintolerance-verification', 'confirmed');
const refuted = status('allergyintolerance-verification', 'refuted');
const monthsAgo = (n: number) => new Date(Date.now() - n * 30 * 24 * 3600 * 1000).toISOString();
const category = (code: string) => [{ coding: [{ system: OBS_CAT, code }] }];

/** A GP record and a hospital record of one person (the hospital links to the GP), and another patient. */
function fixtures(): Resource[] {
  const gp = { reference: 'Patient/su-gp' };
  const hosp = { reference: 'Patient/su-hosp' };
  return [
    { resourceType: 'Organization', id: 'su-org-gp', name: 'Riverside Surgery' },
    { resourceType: 'Organization', id: 'su-org-hosp', name: 'St Elsewhere Hospital' },
    {
      resourceType: 'Practitioner',
      id: 'su-pr-gp',
      name: [{ prefix: ['Dr'], given: ['Ann'], family: 'Patel' }],
    },
    { resourceType: 'Medication', id: 'su-med', code: cc(SCT, '27658006', 'Amoxicillin') },
    {
      resourceType: 'Patient',
      id: 'su-gp',
      name: [{ family: 'Hughes', given: ['Rhian'] }],
      managingOrganization: { reference: 'Organization/su-org-gp' },
      generalPractitioner: [{ reference: 'Practitioner/su-pr-gp' }],
    },
    {
      resourceType: 'Patient',
      id: 'su-hosp',
      name: [{ family: 'Hughes', given: ['Rhian'] }],
      managingOrganization: { reference: 'Organization/su-org-hosp' },
      link: [{ other: { reference: 'Patient/su-gp' }, type: 'refer' }],
    },
    { resourceType: 'Patient', id: 'su-other', name: [{ family: 'Other' }] },
    // The same penicillin allergy at both: one fact, two sources.
    {
      resourceType: 'AllergyIntolerance',
      id: 'su-al-pen-gp',
      clinicalStatus: allergyActive,
      verificationStatus: confirmed,
      code: cc(SCT, '764146007', 'Penicillin'),
      patient: gp,
      recorder: { reference: 'Practitioner/su-pr-gp' },
    },
    {
      resourceType: 'AllergyIntolerance',
      id: 'su-al-pen-hosp',
      clinicalStatus: allergyActive,
      verificationStatus: confirmed,
      code: {
        coding: [{ system: SCT, code: '764146007', display: 'Penicillin allergy' }],
        text: 'Penicillin',
      },
      patient: hosp,
    },
    // Latex: refuted at the GP, confirmed at the hospital: shown, with the contradiction flagged.
    {
      resourceType: 'AllergyIntolerance',
      id: 'su-al-latex-gp',
      clinicalStatus: status('allergyintolerance-clinical', 'inactive'),
      verificationStatus: refuted,
      code: cc(SCT, '111088007', 'Latex'),
      patient: gp,
      recorder: { reference: 'Practitioner/su-pr-gp' },
    },
    {
      resourceType: 'AllergyIntolerance',
      id: 'su-al-latex-hosp',
      clinicalStatus: allergyActive,
      verificationStatus: confirmed,
      code: cc(SCT, '111088007', 'Latex'),
      patient: hosp,
    },
    // Peanut: only ever refuted, so not an allergy of this patient.
    {
      resourceType: 'AllergyIntolerance',
      id: 'su-al-peanut-gp',
      clinicalStatus: status('allergyintolerance-clinical', 'inactive'),
      verificationStatus: refuted,
      code: cc(SCT, '762952008', 'Peanut'),
      patient: gp,
    },
    {
      resourceType: 'MedicationRequest',
      id: 'su-mr',
      status: 'active',
      intent: 'order',
      medicationReference: { reference: 'Medication/su-med' },
      subject: gp,
      requester: { reference: 'Practitioner/su-pr-gp' },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'su-mr-stopped',
      status: 'stopped',
      intent: 'order',
      medicationCodeableConcept: cc(SCT, '108537001', 'Simvastatin'),
      subject: gp,
    },
    {
      resourceType: 'MedicationStatement',
      id: 'su-ms',
      status: 'active',
      medicationCodeableConcept: cc(SCT, '109081006', 'Metformin'),
      subject: hosp,
      informationSource: { reference: 'Organization/su-org-hosp' },
    },
    {
      resourceType: 'Condition',
      id: 'su-dm-gp',
      clinicalStatus: status('condition-clinical', 'active'),
      code: cc(SCT, '44054006', 'Type 2 diabetes mellitus'),
      subject: gp,
    },
    {
      resourceType: 'Condition',
      id: 'su-dm-hosp',
      clinicalStatus: status('condition-clinical', 'active'),
      code: cc(SCT, '44054006', 'Type 2 diabetes mellitus'),
      subject: hosp,
    },
    {
      resourceType: 'Condition',
      id: 'su-resolved',
      clinicalStatus: status('condition-clinical', 'resolved'),
      code: cc(SCT, '195967001', 'Asthma'),
      subject: gp,
    },
    {
      resourceType: 'Immunization',
      id: 'su-imm',
      status: 'completed',
      vaccineCode: cc(SCT, '1119349007', 'COVID-19 mRNA vaccine'),
      patient: gp,
      occurrenceDateTime: '2025-10-01',
    },
    {
      resourceType: 'Observation',
      id: 'su-hba1c-old',
      status: 'final',
      category: category('laboratory'),
      code: cc(LOINC, '4548-4', 'HbA1c'),
      subject: gp,
      effectiveDateTime: monthsAgo(10),
      valueQuantity: { value: 60, unit: 'mmol/mol' },
    },
    {
      resourceType: 'Observation',
      id: 'su-hba1c-new',
      status: 'final',
      category: category('laboratory'),
      code: cc(LOINC, '4548-4', 'HbA1c'),
      subject: hosp,
      performer: [{ reference: 'Organization/su-org-hosp' }],
      effectiveDateTime: monthsAgo(2),
      valueQuantity: { value: 52, unit: 'mmol/mol' },
    },
    {
      resourceType: 'Observation',
      id: 'su-chol-ancient',
      status: 'final',
      category: category('laboratory'),
      code: cc(LOINC, '2093-3', 'Cholesterol'),
      subject: gp,
      effectiveDateTime: monthsAgo(40),
      valueQuantity: { value: 5.2, unit: 'mmol/L' },
    },
    {
      resourceType: 'Observation',
      id: 'su-other-obs',
      status: 'final',
      category: category('laboratory'),
      code: cc(LOINC, '2093-3', 'Cholesterol'),
      subject: { reference: 'Patient/su-other' },
      effectiveDateTime: monthsAgo(30),
      valueQuantity: { value: 4.1, unit: 'mmol/L' },
    },
  ];
}

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
  const r = await c.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: fixtures().map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  });
  expect(r.status, r.body).toBe(200);
});
afterAll(() => t.close());

async function summary(id: string): Promise<{ bundle: DocumentBundle; sections: Map<string, Section> }> {
  const r = await c.get(`Patient/${id}/$summary`);
  expect(r.status, r.body.slice(0, 500)).toBe(200);
  const bundle = r.json() as DocumentBundle;
  const composition = bundle.entry[0]!.resource as Resource & { section: Section[] };
  return { bundle, sections: new Map(composition.section.map((s) => [s.code.coding[0]!.code, s])) };
}
const refs = (s: Section | undefined) =>
  (s?.entry ?? []).map((e) => e.reference.slice(BASE.length + 1)).sort();
const items = (s: Section | undefined) =>
  [...(s?.text.div ?? '').matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!);

describe('Patient/$summary', () => {
  it('is a valid IPS document Bundle whose references all resolve inside it', async () => {
    const { bundle } = await summary('su-gp');
    expect(bundle.type).toBe('document');
    expect(bundle.identifier?.value).toMatch(/^urn:uuid:/);
    expect(bundle.timestamp).toBeDefined();
    const composition = bundle.entry[0]!.resource;
    expect(composition).toMatchObject({
      resourceType: 'Composition',
      status: 'final',
      type: { coding: [{ system: LOINC, code: '60591-5' }] },
      subject: { reference: `${BASE}/Patient/su-gp` },
      title: 'Patient Summary',
    });
    const issues = createValidator(loadR4Definitions()).validate(bundle);
    expect(issues).toEqual([]);

    const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
    expect(fullUrls.size).toBe(bundle.entry.length);
    const walk = (v: unknown, from: string, out: string[]) => {
      if (Array.isArray(v)) for (const x of v) walk(x, from, out);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'reference' && typeof x === 'string')
            out.push(/^(urn:|https?:)/.test(x) ? x : `${BASE}/${x}`);
          else walk(x, from, out);
        }
      return out;
    };
    for (const e of bundle.entry)
      for (const ref of walk(e.resource, e.fullUrl, [])) expect(fullUrls).toContain(ref);
    const author = (composition.author as { reference: string }[])[0]!.reference;
    expect(bundle.entry.find((e) => e.fullUrl === author)?.resource.resourceType).toBe('Device');
    expect(bundle.entry.some((e) => e.resource.id === 'su-other')).toBe(false);
    expect(bundle.entry.some((e) => e.resource.id === 'su-other-obs')).toBe(false);
  });

  it('lists an allergy recorded at both records once, naming both sources', async () => {
    const { bundle, sections } = await summary('su-gp');
    const allergies = sections.get('48765-2');
    expect(refs(allergies)).toEqual([
      'AllergyIntolerance/su-al-latex-gp',
      'AllergyIntolerance/su-al-latex-hosp',
      'AllergyIntolerance/su-al-pen-gp',
      'AllergyIntolerance/su-al-pen-hosp',
    ]);
    const lines = items(allergies);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'Penicillin — recorded by Riverside Surgery (Dr Ann Patel) and St Elsewhere Hospital.',
    );
    expect(allergies?.text.status).toBe('generated');
    expect(allergies?.text.div).toMatch(/^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
    for (const id of ['su-al-pen-gp', 'su-al-pen-hosp'])
      expect(bundle.entry.some((e) => e.resource.id === id)).toBe(true);
    expect(bundle.entry.some((e) => e.resource.id === 'su-al-peanut-gp')).toBe(false);
  });

  it('flags sources that contradict each other', async () => {
    const { sections } = await summary('su-hosp');
    const latex = items(sections.get('48765-2')).find((l) => l.startsWith('Latex'));
    expect(latex).toContain('Conflicting records: refuted by Riverside Surgery (Dr Ann Patel)');
    expect(latex).toContain('recorded as present by St Elsewhere Hospital');
  });

  it('fills medications, problems, immunisations and latest results across both records', async () => {
    const { sections } = await summary('su-hosp');
    expect(refs(sections.get('10160-0'))).toEqual(['MedicationRequest/su-mr', 'MedicationStatement/su-ms']);
    expect(items(sections.get('10160-0'))).toEqual([
      'Amoxicillin — recorded by Riverside Surgery (Dr Ann Patel).',
      'Metformin — recorded by St Elsewhere Hospital.',
    ]);
    expect(refs(sections.get('11450-4'))).toEqual(['Condition/su-dm-gp', 'Condition/su-dm-hosp']);
    expect(items(sections.get('11450-4'))).toEqual([
      'Type 2 diabetes mellitus — recorded by Riverside Surgery and St Elsewhere Hospital.',
    ]);
    expect(refs(sections.get('11369-6'))).toEqual(['Immunization/su-imm']);
    expect(items(sections.get('11369-6'))[0]).toBe(
      'COVID-19 mRNA vaccine on 2025-10-01 — recorded by Riverside Surgery.',
    );
    // The latest HbA1c only; cholesterol is older than 12 months while other results are recent.
    expect(refs(sections.get('30954-2'))).toEqual(['Observation/su-hba1c-new']);
    expect(items(sections.get('30954-2'))[0]).toMatch(
      /^HbA1c: 52 mmol\/mol on \d{4}-\d{2}-\d{2} — recorded by St Elsewhere Hospital\.$/,
    );
  });

  it('marks empty sections nilknown, and shows the latest result when none is recent', async () => {
    const { bundle, sections } = await summary('su-other');
    for (const code of ['48765-2', '10160-0', '11450-4', '11369-6']) {
      const s = sections.get(code)!;
      expect(s.entry).toBeUndefined();
      expect(s.emptyReason?.coding[0]).toEqual(
        expect.objectContaining({
          system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
          code: 'nilknown',
        }),
      );
      expect(s.text.div).toContain('No information known.');
    }
    expect(refs(sections.get('30954-2'))).toEqual(['Observation/su-other-obs']);
    expect(createValidator(loadR4Definitions()).validate(bundle)).toEqual([]);
  });

  it('escapes text in the narrative', async () => {
    const r = await c.put('Condition/su-xss', {
      resourceType: 'Condition',
      id: 'su-xss',
      clinicalStatus: status('condition-clinical', 'active'),
      code: { text: '<script>alert(1)</script> & more' },
      subject: { reference: 'Patient/su-other' },
    });
    expect(r.status, r.body).toBe(201);
    const { sections } = await summary('su-other');
    expect(sections.get('11450-4')!.text.div).toContain(
      '&#60;script&#62;alert(1)&#60;/script&#62; &#38; more',
    );
  });

  it('404 for an unknown patient', async () => {
    expect((await c.get('Patient/su-nobody/$summary')).status).toBe(404);
  });
});
