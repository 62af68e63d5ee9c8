import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient, patient, uid } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;
beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

describe('create and read', () => {
  it('creates with a server id, returns 201 with Location, ETag and Last-Modified, and reads back', async () => {
    const r = await c.post('Patient', { ...patient(), id: 'client-chosen', meta: { source: 'urn:gp:1' } });
    expect(r.status).toBe(201);
    expect(r.headers.location).toMatch(new RegExp(`^${BASE}/Patient/[0-9a-f-]{36}/_history/1$`));
    expect(r.headers.etag).toBe('W/"1"');
    expect(r.headers['last-modified']).toMatch(/GMT$/);
    expect(r.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const body = r.json();
    expect(body.id).not.toBe('client-chosen');
    expect(body.meta).toMatchObject({ versionId: '1', source: 'urn:gp:1' });
    const read = await c.get(`Patient/${body.id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toEqual(body);
    expect(read.headers.etag).toBe('W/"1"');
  });

  it('answers 404 for an unknown id and 400 for a malformed id', async () => {
    expect((await c.get(`Patient/${uid()}`)).status).toBe(404);
    const bad = await c.get('Patient/has_underscore');
    expect(bad.status).toBe(400);
    expect(bad.json().issue[0].details.coding[0].code).toBe('HW-REQ-006');
    expect((await c.get(`Patient/${'a'.repeat(65)}`)).status).toBe(400);
  });

  it('answers 404 with an OperationOutcome for an unknown resource type', async () => {
    const r = await c.get('Patientt/1');
    expect(r.status).toBe(404);
    expect(r.json().resourceType).toBe('OperationOutcome');
  });

  it('honours If-None-Match and If-Modified-Since with 304', async () => {
    const id = (await c.post('Patient', patient())).json().id;
    expect((await c.get(`Patient/${id}`, { 'if-none-match': 'W/"1"' })).status).toBe(304);
    expect((await c.get(`Patient/${id}`, { 'if-none-match': 'W/"2"' })).status).toBe(200);
    const later = new Date(Date.now() + 60_000).toUTCString();
    expect((await c.get(`Patient/${id}`, { 'if-modified-since': later })).status).toBe(304);
    expect(
      (await c.get(`Patient/${id}`, { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).status,
    ).toBe(200);
  });

  it('supports HEAD', async () => {
    const id = (await c.post('Patient', patient())).json().id;
    const r = await c.call('HEAD', `Patient/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.headers.etag).toBe('W/"1"');
  });
});

describe('Prefer and formats', () => {
  it('return=minimal sends no body; return=OperationOutcome sends an outcome', async () => {
    const minimal = await c.post('Patient', patient(), { prefer: 'return=minimal' });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toBe('');
    expect(minimal.headers.location).toBeDefined();
    const oo = await c.post('Patient', patient(), { prefer: 'return=OperationOutcome' });
    expect(oo.status).toBe(201);
    expect(oo.json().resourceType).toBe('OperationOutcome');
  });

  it('accepts application/json, honours _format and _pretty, and refuses XML', async () => {
    const r = await c.post('Patient', patient(), { 'content-type': 'application/json' });
    expect(r.status).toBe(201);
    const id = r.json().id;
    const pretty = await c.get(`Patient/${id}?_pretty=true`);
    expect(pretty.body).toContain('\n  "resourceType"');
    expect((await c.get(`Patient/${id}?_format=json`)).status).toBe(200);
    expect((await c.get(`Patient/${id}`, { accept: 'application/json' })).headers['content-type']).toContain(
      'application/json',
    );
    const xml = await c.get(`Patient/${id}?_format=xml`);
    expect(xml.status).toBe(406);
    expect(xml.json().resourceType).toBe('OperationOutcome');
    const xmlBody = await c.post('Patient', '<Patient xmlns="http://hl7.org/fhir"/>', {
      'content-type': 'application/fhir+xml',
    });
    expect(xmlBody.status).toBe(415);
    expect(xmlBody.json().issue[0].diagnostics).toMatch(/XML/);
  });
});

describe('update', () => {
  it('updates with If-Match and rejects a stale version with 412', async () => {
    const created = (await c.post('Patient', patient())).json();
    const r = await c.put(`Patient/${created.id}`, { ...created, gender: 'male' }, { 'if-match': 'W/"1"' });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('W/"2"');
    const stale = await c.put(
      `Patient/${created.id}`,
      { ...created, gender: 'other' },
      { 'if-match': 'W/"1"' },
    );
    expect(stale.status).toBe(412);
    expect((await c.get(`Patient/${created.id}`)).json().gender).toBe('male');
  });

  it('creates with the client id when the resource does not exist (update as create)', async () => {
    const id = `client-${uid()}`;
    const r = await c.put(`Patient/${id}`, { ...patient(), id });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`${BASE}/Patient/${id}/_history/1`);
  });

  it('makes no new version when nothing changed', async () => {
    const created = (await c.post('Patient', patient())).json();
    const r = await c.put(`Patient/${created.id}`, created);
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('W/"1"');
  });

  it('rejects a body whose id differs from the URL, or has none', async () => {
    const id = uid();
    expect((await c.put(`Patient/${id}`, { ...patient(), id: 'other' })).status).toBe(400);
    expect((await c.put(`Patient/${id}`, patient())).status).toBe(400);
    expect((await c.put(`Observation/${id}`, { ...patient(), id })).status).toBe(400);
  });

  it('conditional update: no match creates, one match updates, several is 412', async () => {
    const value = uid();
    const body = { ...patient(), identifier: [{ system: 'urn:test:cond', value }] };
    const first = await c.put(`Patient?identifier=urn:test:cond|${value}`, body);
    expect(first.status).toBe(201);
    const second = await c.put(`Patient?identifier=urn:test:cond|${value}`, { ...body, gender: 'male' });
    expect(second.status).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers.etag).toBe('W/"2"');
    await c.post('Patient', body);
    expect((await c.put(`Patient?identifier=urn:test:cond|${value}`, body)).status).toBe(412);
  });
});

describe('conditional create', () => {
  it('If-None-Exist creates once, then returns the existing resource', async () => {
    const value = uid();
    const body = { ...patient(), identifier: [{ system: 'urn:test:ine', value }] };
    const h = { 'if-none-exist': `identifier=urn:test:ine|${value}` };
    const a = await c.post('Patient', body, h);
    expect(a.status).toBe(201);
    const b = await c.post('Patient', body, h);
    expect(b.status).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    const search = await c.get(`Patient?identifier=urn:test:ine|${value}`);
    expect(search.json().total).toBe(1);
  });
});

describe('patch', () => {
  it('applies a JSON Patch, with If-Match, and keeps the result valid', async () => {
    const created = (await c.post('Patient', patient())).json();
    const r = await c.patch(`Patient/${created.id}`, [{ op: 'replace', path: '/gender', value: 'male' }], {
      'if-match': 'W/"1"',
    });
    expect(r.status).toBe(200);
    expect(r.json().gender).toBe('male');
    expect(r.headers.etag).toBe('W/"2"');
    const stale = await c.patch(`Patient/${created.id}`, [{ op: 'remove', path: '/gender' }], {
      'if-match': 'W/"1"',
    });
    expect(stale.status).toBe(412);
    const invalid = await c.patch(`Patient/${created.id}`, [{ op: 'add', path: '/gender', value: 'robot' }]);
    expect(invalid.status).toBe(400);
    expect(invalid.json().issue[0].expression).toEqual(['Patient.gender']);
    const failedTest = await c.patch(`Patient/${created.id}`, [
      { op: 'test', path: '/gender', value: 'female' },
    ]);
    expect(failedTest.status).toBe(409);
    const wrongType = await c.call('PATCH', `Patient/${created.id}`, [{ op: 'remove', path: '/gender' }]);
    expect(wrongType.status).toBe(415);
  });
});

describe('delete', () => {
  it('deletes, then answers 410 Gone, and keeps history', async () => {
    const id = (await c.post('Patient', patient())).json().id;
    expect((await c.delete(`Patient/${id}`)).status).toBe(204);
    const gone = await c.get(`Patient/${id}`);
    expect(gone.status).toBe(410);
    expect(gone.json().issue[0].code).toBe('deleted');
    expect((await c.delete(`Patient/${id}`)).status).toBe(204);
    expect((await c.get(`Patient/${id}/_history/1`)).status).toBe(200);
    expect((await c.get(`Patient/${id}/_history/2`)).status).toBe(410);
    expect((await c.get(`Patient?_id=${id}`)).json().total).toBe(0);
    expect((await c.delete(`Patient/${uid()}`)).status).toBe(404);
  });

  it('conditional delete deletes one match, nothing for none, and refuses several', async () => {
    const value = uid();
    const body = { ...patient(), identifier: [{ system: 'urn:test:del', value }] };
    expect((await c.delete(`Patient?identifier=urn:test:del|${value}`)).status).toBe(204);
    const id = (await c.post('Patient', body)).json().id;
    expect((await c.delete(`Patient?identifier=urn:test:del|${value}`)).status).toBe(204);
    expect((await c.get(`Patient/${id}`)).status).toBe(410);
    await c.post('Patient', body);
    await c.post('Patient', body);
    expect((await c.delete(`Patient?identifier=urn:test:del|${value}`)).status).toBe(412);
    expect((await c.delete('Patient')).status).toBe(400);
  });
});

describe('concurrency', () => {
  it('concurrent updates with If-Match never lose an update', async () => {
    const created = (await c.post('Patient', patient())).json();
    const writers = 6;
    await Promise.all(
      Array.from({ length: writers }, async (_, i) => {
        for (;;) {
          const cur = await c.get(`Patient/${created.id}`);
          const body = cur.json();
          body.name = [...body.name, { family: `Writer${i}` }];
          const r = await c.put(`Patient/${created.id}`, body, { 'if-match': String(cur.headers.etag) });
          if (r.status === 200) return;
          expect([409, 412]).toContain(r.status);
        }
      }),
    );
    const final = (await c.get(`Patient/${created.id}`)).json();
    expect(final.name).toHaveLength(writers + 1);
    expect(final.meta.versionId).toBe(String(writers + 1));
  });
});
