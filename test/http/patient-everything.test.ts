import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

interface Bundle {
  total?: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: { resourceType: string; id: string }; search: { mode: string } }[];
}

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const cc = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }] });
const status = (system: string, code: string) => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${system}`, code }],
});

/** Two linked records of one person (GP links to hospital, not back) and another patient. */
function fixtures(): { resourceType: string; id: string; [k: string]: unknown }[] {
  return [
    { resourceType: 'Organization', id: 'ev-org-gp', name: 'Riverside Surgery' },
    { resourceType: 'Organization', id: 'ev-org-hosp', name: 'St Elsewhere Hospital' },
    { resourceType: 'Organization', id: 'ev-org-unused', name: 'Nobody refers here' },
    { resourceType: 'Practitioner', id: 'ev-pr-gp', name: [{ family: 'Patel', given: ['Ann'] }] },
    { resourceType: 'Medication', id: 'ev-med', code: cc(SCT, '27658006', 'Amoxicillin') },
    {
      resourceType: 'Patient',
      id: 'ev-gp',
      name: [{ family: 'Hughes', given: ['Rhian'] }],
      managingOrganization: { reference: 'Organization/ev-org-gp' },
      generalPractitioner: [{ reference: 'Practitioner/ev-pr-gp' }],
      link: [{ other: { reference: 'Patient/ev-hosp' }, type: 'seealso' }],
    },
    {
      resourceType: 'Patient',
      id: 'ev-hosp',
      name: [{ family: 'Hughes', given: ['Rhian'] }],
      managingOrganization: { reference: 'Organization/ev-org-hosp' },
    },
    { resourceType: 'Patient', id: 'ev-other', name: [{ family: 'Other' }] },
    {
      resourceType: 'AllergyIntolerance',
      id: 'ev-al-gp',
      clinicalStatus: status('allergyintolerance-clinical', 'active'),
      verificationStatus: status('allergyintolerance-verification', 'confirmed'),
      code: cc(SCT, '764146007', 'Penicillin'),
      patient: { reference: 'Patient/ev-gp' },
      recorder: { reference: 'Practitioner/ev-pr-gp' },
    },
    {
      resourceType: 'AllergyIntolerance',
      id: 'ev-al-hosp',
      clinicalStatus: status('allergyintolerance-clinical', 'active'),
      verificationStatus: status('allergyintolerance-verification', 'confirmed'),
      code: cc(SCT, '764146007', 'Penicillin'),
      patient: { reference: 'Patient/ev-hosp' },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'ev-mr',
      status: 'active',
      intent: 'order',
      medicationReference: { reference: 'Medication/ev-med' },
      subject: { reference: 'Patient/ev-gp' },
      requester: { reference: 'Practitioner/ev-pr-gp' },
    },
    {
      resourceType: 'Condition',
      id: 'ev-cond-hosp',
      clinicalStatus: status('condition-clinical', 'active'),
      code: cc(SCT, '44054006', 'Diabetes mellitus type 2'),
      subject: { reference: 'Patient/ev-hosp' },
    },
    {
      resourceType: 'Immunization',
      id: 'ev-imm',
      status: 'completed',
      vaccineCode: cc(SCT, '1119349007', 'COVID-19 mRNA vaccine'),
      patient: { reference: 'Patient/ev-gp' },
      occurrenceDateTime: '2025-10-01',
    },
    {
      resourceType: 'Observation',
      id: 'ev-obs',
      status: 'final',
      code: cc(LOINC, '4548-4', 'HbA1c'),
      subject: { reference: 'Patient/ev-hosp' },
      performer: [{ reference: 'Organization/ev-org-hosp' }],
      effectiveDateTime: '2026-01-10',
    },
    {
      // In both records' compartments (subject and performer): listed once.
      resourceType: 'Observation',
      id: 'ev-obs-both',
      status: 'final',
      code: cc(LOINC, '8867-4', 'Heart rate'),
      subject: { reference: 'Patient/ev-hosp' },
      performer: [{ reference: 'Patient/ev-gp' }],
      effectiveDateTime: '2026-02-01',
    },
    {
      resourceType: 'Condition',
      id: 'ev-cond-other',
      code: cc(SCT, '38341003', 'Hypertension'),
      subject: { reference: 'Patient/ev-other' },
    },
  ];
}

const PERSON = [
  'AllergyIntolerance/ev-al-gp',
  'AllergyIntolerance/ev-al-hosp',
  'Condition/ev-cond-hosp',
  'Immunization/ev-imm',
  'MedicationRequest/ev-mr',
  'Observation/ev-obs',
  'Observation/ev-obs-both',
  'Patient/ev-gp',
  'Patient/ev-hosp',
];
const INCLUDED = [
  'Medication/ev-med',
  'Organization/ev-org-gp',
  'Organization/ev-org-hosp',
  'Practitioner/ev-pr-gp',
];

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

async function everything(query: string): Promise<Bundle> {
  const r = await c.get(query);
  expect(r.status, `${query}: ${r.body.slice(0, 300)}`).toBe(200);
  return r.json() as Bundle;
}

const keys = (b: Bundle, mode: string) =>
  (b.entry ?? [])
    .filter((e) => e.search.mode === mode)
    .map((e) => `${e.resource.resourceType}/${e.resource.id}`)
    .sort();

describe('Patient/$everything', () => {
  it("returns the person's whole record across linked records, with the resources it refers to", async () => {
    const b = await everything('Patient/ev-gp/$everything');
    expect(keys(b, 'match')).toEqual(PERSON);
    expect(keys(b, 'include')).toEqual(INCLUDED);
    expect(b.total).toBe(PERSON.length);
    for (const e of b.entry ?? [])
      expect(e.fullUrl).toBe(`${BASE}/${e.resource.resourceType}/${e.resource.id}`);
  });

  it('follows a link from the other side too, and keeps another patient out', async () => {
    expect(keys(await everything('Patient/ev-hosp/$everything'), 'match')).toEqual(PERSON);
    expect(keys(await everything('Patient/ev-other/$everything'), 'match')).toEqual([
      'Condition/ev-cond-other',
      'Patient/ev-other',
    ]);
  });

  it('answers POST with a Parameters body', async () => {
    const r = await c.post('Patient/ev-gp/$everything', {
      resourceType: 'Parameters',
      parameter: [{ name: '_type', valueString: 'Condition,Observation' }],
    });
    expect(r.status, r.body).toBe(200);
    expect(keys(r.json() as Bundle, 'match')).toEqual([
      'Condition/ev-cond-hosp',
      'Observation/ev-obs',
      'Observation/ev-obs-both',
    ]);
  });

  it('_type restricts the types', async () => {
    const b = await everything('Patient/ev-gp/$everything?_type=AllergyIntolerance,Patient');
    expect(keys(b, 'match')).toEqual([
      'AllergyIntolerance/ev-al-gp',
      'AllergyIntolerance/ev-al-hosp',
      'Patient/ev-gp',
      'Patient/ev-hosp',
    ]);
    expect((await c.get('Patient/ev-gp/$everything?_type=Practitioner')).status).toBe(400);
  });

  it('pages with _count=2, each resource exactly once, until there is no next link', async () => {
    const seen: string[] = [];
    let url: string | undefined = 'Patient/ev-gp/$everything?_count=2';
    let pages = 0;
    while (url) {
      const b = await everything(url);
      const page = keys(b, 'match');
      expect(page.length).toBeGreaterThan(0);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
      const next = b.link.find((l) => l.relation === 'next')?.url;
      url = next?.slice(BASE.length + 1);
      pages++;
      expect(pages).toBeLessThan(20);
    }
    expect(seen.sort()).toEqual(PERSON);
    expect(pages).toBe(5);
  });

  it('rejects a cursor made for another patient or query, or forged', async () => {
    const first = await everything('Patient/ev-gp/$everything?_count=2');
    const cursor = new URL(first.link.find((l) => l.relation === 'next')!.url).searchParams.get('_cursor')!;
    expect((await c.get(`Patient/ev-other/$everything?_cursor=${cursor}`)).status).toBe(400);
    expect((await c.get(`Patient/ev-gp/$everything?_type=Condition&_cursor=${cursor}`)).status).toBe(400);
    const forged = Buffer.from(
      JSON.stringify({ p: 'ev-gp', o: ['ev-gp', 'ev-other'], q: '|', s: 0 }),
    ).toString('base64url');
    expect((await c.get(`Patient/ev-gp/$everything?_cursor=${forged}`)).status).toBe(400);
    expect((await c.get('Patient/ev-gp/$everything?_cursor=!!')).status).toBe(400);
  });

  it('_since returns only what changed since', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = fixtures().find((r) => r.id === 'ev-cond-hosp')!;
    const r = await c.put('Condition/ev-cond-hosp', { ...changed, note: [{ text: 'Reviewed' }] });
    expect(r.status, r.body).toBe(200);
    const b = await everything(`Patient/ev-gp/$everything?_since=${encodeURIComponent(since)}`);
    expect(keys(b, 'match')).toEqual(['Condition/ev-cond-hosp']);
    expect((await c.get('Patient/ev-gp/$everything?_since=2024-01-01')).status).toBe(400);
  });

  it('404 for an unknown patient, 410 for a deleted one', async () => {
    expect((await c.get('Patient/ev-nobody/$everything')).status).toBe(404);
    expect((await c.put('Patient/ev-gone', { resourceType: 'Patient', id: 'ev-gone' })).status).toBe(201);
    expect((await c.delete('Patient/ev-gone')).status).toBe(204);
    expect((await c.get('Patient/ev-gone/$everything')).status).toBe(410);
  });
});
