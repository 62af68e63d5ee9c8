import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { buildExtract, createPseudonymiser, deriveProjectKey } from '../../src/analytics/index.js';
import { consentResource, loadOptOutCheck } from '../../src/consent/index.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * What an export contains: Group members, the patient parameter, _typeFilter, _elements, and the
 * national data opt-out applied to secondary use (research, planning, analysts) but not to direct care.
 */
let t: TestApp;

const JSON_TYPE = { 'content-type': 'application/fhir+json' };
const ASYNC = { prefer: 'respond-async' };
type Resource = { resourceType: string; id: string; [k: string]: unknown };

const analyst: Principal = { subject: 'an-1', role: 'analyst', name: 'An Analyst', scopes: [] };

async function put(resource: Resource) {
  const r = await t.app.inject({
    method: 'PUT',
    url: `/fhir/${resource.resourceType}/${resource.id}`,
    headers: JSON_TYPE,
    payload: resource,
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
}

const patient = (id: string): Resource => ({ resourceType: 'Patient', id, name: [{ family: `F-${id}` }] });
const observation = (id: string, patientId: string, code: string, status = 'final'): Resource => ({
  resourceType: 'Observation',
  id,
  status,
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: `Patient/${patientId}` },
});

function relative(url: string): string {
  return `/fhir/${url.slice(BASE.length + 1)}`;
}

interface Manifest {
  output: { type: string; url: string; count: number }[];
}

async function waitForManifest(statusPath: string): Promise<Manifest> {
  for (let i = 0; i < 200; i++) {
    const r = await t.app.inject({ method: 'GET', url: statusPath });
    if (r.statusCode === 200) return JSON.parse(r.body) as Manifest;
    expect(r.statusCode, r.body).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the export did not finish');
}

async function download(manifest: Manifest): Promise<Map<string, Resource>> {
  const out = new Map<string, Resource>();
  for (const file of manifest.output) {
    const r = await t.app.inject({ method: 'GET', url: relative(file.url) });
    expect(r.statusCode, r.body).toBe(200);
    for (const line of r.body.split('\n').filter((l) => l !== '')) {
      const resource = JSON.parse(line) as Resource;
      out.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }
  return out;
}

/** Kicks off over HTTP (GET, or POST with a Parameters body) as the default system principal. */
async function exportKeys(path: string, body?: unknown): Promise<string[]> {
  const r = await t.app.inject({
    method: body ? 'POST' : 'GET',
    url: `/fhir/${path}`,
    headers: body ? { ...ASYNC, ...JSON_TYPE } : ASYNC,
    ...(body ? { payload: body } : {}),
  });
  expect(r.statusCode, r.body).toBe(202);
  const exported = await download(await waitForManifest(relative(r.headers['content-location'] as string)));
  return [...exported.keys()].sort();
}

/** Kicks off through the service as another principal (HTTP sign-in is not what is tested here). */
async function exportKeysAs(principal: Principal, url: string): Promise<string[]> {
  const r = await t.service.handle({ method: 'GET', url, prefer: { respondAsync: true } }, { principal });
  expect(r.status, r.body).toBe(202);
  const exported = await download(await waitForManifest(relative(r.headers!['Content-Location']!)));
  return [...exported.keys()].sort();
}

const everyone = [
  'Observation/sc-o1',
  'Observation/sc-o2',
  'Observation/sc-o3',
  'Observation/sc-o4',
  'Patient/sc-p1',
  'Patient/sc-p2',
  'Patient/sc-p3',
];

const project = createPseudonymiser({ projectId: 'sc', key: deriveProjectKey(Buffer.alloc(32, 7), 'sc') });

/** A pseudonymised extract of one row per observation, with the opt-out answered from the store. */
async function extractPeople(): Promise<string[]> {
  const rows = ['sc-p1', 'sc-p1', 'sc-p2', 'sc-p3'].map((person) => ({ person, sex: 'unknown' }));
  const extract = buildExtract(
    rows,
    {
      columns: { person: { rule: 'pseudonymise', as: 'pid' }, sex: 'keep' },
      personIdColumn: 'person',
      quasiIdentifiers: ['sex'],
      k: 2,
    },
    { pseudonymiser: project, optedOut: await loadOptOutCheck(t.opened.driver) },
  );
  expect(extract.released).toBe(true);
  const byPseudonym = new Map(['sc-p1', 'sc-p2', 'sc-p3'].map((id) => [project.pseudonymise(id), id]));
  return [...new Set(extract.rows.map((r) => byPseudonym.get(r.pid as string)!))].sort();
}

beforeAll(async () => {
  t = await createTestApp();
  for (const id of ['sc-p1', 'sc-p2', 'sc-p3']) await put(patient(id));
  await put(observation('sc-o1', 'sc-p1', '8867-4'));
  await put(observation('sc-o2', 'sc-p1', '29463-7', 'preliminary'));
  await put(observation('sc-o3', 'sc-p2', '29463-7'));
  await put(observation('sc-o4', 'sc-p3', '8867-4'));
  await put({ resourceType: 'Practitioner', id: 'sc-dr', name: [{ family: 'Shah' }] });
  await put({
    resourceType: 'Group',
    id: 'sc-g',
    type: 'person',
    actual: true,
    member: [
      { entity: { reference: 'Patient/sc-p1' } },
      { entity: { reference: 'Patient/sc-p2' }, period: { start: '2020-01-01', end: '2021-01-01' } },
      { entity: { reference: 'Patient/sc-p3' }, inactive: true },
      { entity: { reference: 'Practitioner/sc-dr' } },
    ],
  });
  await put({
    resourceType: 'Group',
    id: 'sc-g2',
    type: 'person',
    actual: true,
    member: [{ entity: { reference: 'Patient/sc-p2' } }, { entity: { reference: 'Patient/sc-p3' } }],
  });
});

afterAll(async () => {
  await t.close();
});

describe('Group/{id}/$export', () => {
  it('exports the compartments of active members only', async () => {
    // sc-p2's membership ended in 2021 and sc-p3 is inactive; the Practitioner is not a patient. The
    // Group itself is in its first member's compartment (Group.member), so it comes with sc-p1.
    expect(await exportKeys('Group/sc-g/$export')).toEqual([
      'Group/sc-g',
      'Observation/sc-o1',
      'Observation/sc-o2',
      'Patient/sc-p1',
    ]);
    expect(await exportKeys('Group/sc-g2/$export?_type=Patient')).toEqual(['Patient/sc-p2', 'Patient/sc-p3']);
  });

  it('narrows to the patient parameter of a POST', async () => {
    const body = {
      resourceType: 'Parameters',
      parameter: [{ name: 'patient', valueReference: { reference: 'Patient/sc-p3' } }],
    };
    expect(await exportKeys('Group/sc-g2/$export', body)).toEqual(['Observation/sc-o4', 'Patient/sc-p3']);
    expect(await exportKeys('Patient/$export', body)).toEqual(['Observation/sc-o4', 'Patient/sc-p3']);
  });

  it('answers 404 for an unknown Group', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fhir/Group/sc-none/$export', headers: ASYNC });
    expect(r.statusCode).toBe(404);
  });
});

describe('_typeFilter, _outputFormat and _elements', () => {
  it('applies a filter to its type only, ORs several for one type, ANDs within one', async () => {
    const one = encodeURIComponent('Observation?code=8867-4');
    expect(await exportKeys(`$export?_type=Observation,Patient&_typeFilter=${one}`)).toEqual([
      'Observation/sc-o1',
      'Observation/sc-o4',
      'Patient/sc-p1',
      'Patient/sc-p2',
      'Patient/sc-p3',
    ]);
    const both = encodeURIComponent('Observation?code=29463-7&status=final');
    const patient = encodeURIComponent('Observation?subject=Patient/sc-p3');
    expect(await exportKeys(`$export?_type=Observation&_typeFilter=${both}&_typeFilter=${patient}`)).toEqual([
      'Observation/sc-o3',
      'Observation/sc-o4',
    ]);
    // Several queries in one value, comma-separated; the comma inside a value stays a search OR.
    const list = encodeURIComponent('Observation?code=8867-4,x,Observation?_id=sc-o2');
    expect(await exportKeys(`$export?_type=Observation&_typeFilter=${list}&_outputFormat=ndjson`)).toEqual([
      'Observation/sc-o1',
      'Observation/sc-o2',
      'Observation/sc-o4',
    ]);
  });

  it('keeps only the elements asked for and marks the resources SUBSETTED', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: '/fhir/$export?_type=Observation&_elements=Observation.status&_outputFormat=application%2Fndjson',
      headers: ASYNC,
    });
    expect(r.statusCode, r.body).toBe(202);
    const exported = await download(await waitForManifest(relative(r.headers['content-location'] as string)));
    const o1 = exported.get('Observation/sc-o1')!;
    expect(Object.keys(o1).sort()).toEqual(['id', 'meta', 'resourceType', 'status']);
    expect((o1.meta as { tag: { code: string }[] }).tag.map((c) => c.code)).toContain('SUBSETTED');
  });
});

describe('national data opt-out', () => {
  it('is applied to research, planning and analysts, not to direct care, and lifts when withdrawn', async () => {
    expect(await exportKeys('Patient/$export?_type=Patient,Observation')).toEqual(everyone);

    await put({
      ...consentResource({
        kind: 'national-data-opt-out',
        patientId: 'sc-p1',
        dateTime: '2025-01-01T00:00:00Z',
      }),
      id: 'sc-optout',
    });
    expect(await extractPeople()).toEqual(['sc-p2', 'sc-p3']);
    const withoutP1 = everyone.filter(
      (k) => !['Patient/sc-p1', 'Observation/sc-o1', 'Observation/sc-o2'].includes(k),
    );
    // Direct care (the system role, no purpose): the opt-out does not apply.
    expect(await exportKeys('$export?_type=Patient,Observation')).toEqual(everyone);
    expect(await exportKeys('$export?_type=Patient,Observation&_purpose=direct-care')).toEqual(everyone);
    expect(await exportKeys('$export?_type=Patient,Observation&_purpose=research')).toEqual(withoutP1);
    expect(await exportKeys('Patient/$export?_type=Patient,Observation&_purpose=planning')).toEqual(
      withoutP1,
    );
    expect(await exportKeys('Group/sc-g/$export?_purpose=research')).toEqual([]);
    // An analyst's export is secondary use even when it claims direct care.
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(withoutP1);
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation&_purpose=direct-care')).toEqual(
      withoutP1,
    );

    // An older active opt-out does not outweigh a newer withdrawal.
    await put({
      ...consentResource({
        kind: 'national-data-opt-out',
        patientId: 'sc-p1',
        dateTime: '2025-06-01T00:00:00Z',
      }),
      id: 'sc-withdrawn',
      status: 'inactive',
    });
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(everyone);
    expect(await extractPeople()).toEqual(['sc-p1', 'sc-p2', 'sc-p3']);

    // A draft opt-out decides nothing; a newer active one applies again.
    await put({
      ...consentResource({
        kind: 'national-data-opt-out',
        patientId: 'sc-p1',
        dateTime: '2026-01-01T00:00:00Z',
      }),
      id: 'sc-draft',
      status: 'draft',
    });
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(everyone);
    await put({
      ...consentResource({
        kind: 'national-data-opt-out',
        patientId: 'sc-p1',
        dateTime: '2025-07-01T00:00:00Z',
      }),
      id: 'sc-again',
    });
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(withoutP1);

    // The choice is the person's: a record linked to sc-p1 in the patient index is left out too, and
    // comes back when the link ends.
    await t.opened.driver.query(
      `INSERT INTO patient_link (patient_id, other_id, kind, state, created_at, created_by)
       VALUES ('sc-p3', 'sc-p1', 'manual', 'active', now(), 'test')`,
    );
    const withoutP1AndP3 = withoutP1.filter((k) => !['Patient/sc-p3', 'Observation/sc-o4'].includes(k));
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(withoutP1AndP3);
    await t.opened.driver.query(`UPDATE patient_link SET state = 'ended' WHERE patient_id = 'sc-p3'`);
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(withoutP1);

    // Withdrawing that one by updating it to inactive brings sc-p1 back.
    await put({
      ...consentResource({
        kind: 'national-data-opt-out',
        patientId: 'sc-p1',
        dateTime: '2025-07-01T00:00:00Z',
      }),
      id: 'sc-again',
      status: 'inactive',
    });
    expect(await exportKeysAs(analyst, '$export?_type=Patient,Observation')).toEqual(everyone);
  });
});
