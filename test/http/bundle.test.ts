import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient, patient, uid } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;
beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

const observation = (subject: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
  subject: { reference: subject },
  ...extra,
});

describe('transaction', () => {
  it('assigns ids, resolves urn:uuid references and answers in entry order', async () => {
    const p = `urn:uuid:${uid()}`;
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: `urn:uuid:${uid()}`,
          resource: observation(p),
          request: { method: 'POST', url: 'Observation' },
        },
        { fullUrl: p, resource: patient(), request: { method: 'POST', url: 'Patient' } },
      ],
    });
    expect(r.status).toBe(200);
    const bundle = r.json();
    expect(bundle.type).toBe('transaction-response');
    expect(bundle.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    const obs = bundle.entry[0].resource;
    const pat = bundle.entry[1].resource;
    expect(obs.subject.reference).toBe(`Patient/${pat.id}`);
    expect(bundle.entry[1].response.location).toBe(`Patient/${pat.id}/_history/1`);
    expect((await c.get(`Observation/${obs.id}`)).json().subject.reference).toBe(`Patient/${pat.id}`);
  });

  it('leaves no trace when one entry is invalid, and says which entry and element', async () => {
    const value = uid();
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { ...patient(), identifier: [{ system: 'urn:test:tx', value }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { ...observation('Patient/x'), status: 'not-a-status' },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(r.status).toBe(400);
    const issue = r.json().issue[0];
    expect(issue.expression).toEqual(['Bundle.entry[1].resource.status']);
    expect(issue.diagnostics).toMatch(/Bundle\.entry\[1\]/);
    expect((await c.get(`Patient?identifier=urn:test:tx|${value}`)).json().total).toBe(0);
  });

  it('rolls back everything when a later entry fails its If-Match', async () => {
    const created = (await c.post('Patient', patient())).json();
    const value = uid();
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { ...patient(), identifier: [{ system: 'urn:test:tx2', value }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { ...created, gender: 'male' },
          request: { method: 'PUT', url: `Patient/${created.id}`, ifMatch: 'W/"9"' },
        },
      ],
    });
    expect(r.status).toBe(412);
    expect((await c.get(`Patient?identifier=urn:test:tx2|${value}`)).json().total).toBe(0);
    expect((await c.get(`Patient/${created.id}`)).json().gender).toBe('female');
  });

  it('resolves conditional creates and conditional references', async () => {
    const value = uid();
    const existing = (
      await c.post('Patient', { ...patient(), identifier: [{ system: 'urn:test:cr', value }] })
    ).json();
    const p = `urn:uuid:${uid()}`;
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: p,
          resource: { ...patient(), identifier: [{ system: 'urn:test:cr', value }] },
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=urn:test:cr|${value}` },
        },
        { resource: observation(p), request: { method: 'POST', url: 'Observation' } },
        {
          resource: observation(`Patient?identifier=urn:test:cr|${value}`),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(r.status).toBe(200);
    const b = r.json();
    expect(b.entry[0].response.status).toBe('200 OK');
    expect(b.entry[1].resource.subject.reference).toBe(`Patient/${existing.id}`);
    expect(b.entry[2].resource.subject.reference).toBe(`Patient/${existing.id}`);
  });

  it('fails a conditional reference that matches nothing', async () => {
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: observation(`Patient?identifier=urn:test:none|${uid()}`),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(r.status).toBe(422);
  });

  it('processes DELETE before POST before PUT before GET, whatever the entry order', async () => {
    const a = (await c.post('Patient', patient())).json();
    const putId = `tx-${uid()}`;
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'GET', url: `Patient/${putId}` } },
        { resource: { ...patient(), id: putId }, request: { method: 'PUT', url: `Patient/${putId}` } },
        { request: { method: 'DELETE', url: `Patient/${a.id}` } },
        { request: { method: 'GET', url: `Patient?_id=${a.id}` } },
      ],
    });
    expect(r.status).toBe(200);
    const b = r.json();
    expect(b.entry[0].response.status).toBe('200 OK');
    expect(b.entry[0].resource.id).toBe(putId);
    expect(b.entry[1].response.status).toBe('201 Created');
    expect(b.entry[2].response.status).toBe('204 No Content');
    expect(b.entry[3].resource.total).toBe(0);
  });

  it('rejects two entries for the same resource', async () => {
    const id = `dup-${uid()}`;
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { ...patient(), id }, request: { method: 'PUT', url: `Patient/${id}` } },
        { resource: { ...patient(), id }, request: { method: 'PUT', url: `Patient/${id}` } },
      ],
    });
    expect(r.status).toBe(400);
    expect((await c.get(`Patient/${id}`)).status).toBe(404);
  });

  it('applies a JSON Patch carried as a Binary', async () => {
    const created = (await c.post('Patient', patient())).json();
    const data = Buffer.from(JSON.stringify([{ op: 'replace', path: '/gender', value: 'other' }])).toString(
      'base64',
    );
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data },
          request: { method: 'PATCH', url: `Patient/${created.id}` },
        },
      ],
    });
    expect(r.status).toBe(200);
    expect((await c.get(`Patient/${created.id}`)).json().gender).toBe('other');
  });
});

describe('batch', () => {
  it('processes entries independently: one failure does not stop the others', async () => {
    const r = await c.post('', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: patient(), request: { method: 'POST', url: 'Patient' } },
        { resource: { ...patient(), gender: 'robot' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: `Patient/${uid()}` } },
        { request: { method: 'FETCH', url: 'Patient' } },
      ],
    });
    expect(r.status).toBe(200);
    const b = r.json();
    expect(b.type).toBe('batch-response');
    expect(b.entry.map((e: { response: { status: string } }) => e.response.status.slice(0, 3))).toEqual([
      '201',
      '400',
      '404',
      '400',
    ]);
    expect(b.entry[1].response.outcome.resourceType).toBe('OperationOutcome');
    expect((await c.get(b.entry[0].response.location)).status).toBe(200);
  });
});

describe('bundle envelope', () => {
  it('rejects what is not a batch or transaction Bundle', async () => {
    expect((await c.post('', { resourceType: 'Bundle', type: 'collection' })).status).toBe(400);
    expect((await c.post('', patient())).status).toBe(400);
    const noRequest = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: patient() }],
    });
    expect(noRequest.status).toBe(400);
    expect(noRequest.json().issue[0].expression).toEqual(['Bundle.entry[0].request']);
    const absolute = await c.post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: patient(), request: { method: 'POST', url: 'http://elsewhere.example/Patient' } }],
    });
    expect(absolute.status).toBe(400);
  });
});
