import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient, patient } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;
beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

function expectOutcome(
  r: { status: number; body: string; headers: Record<string, unknown> },
  status: number,
  code?: string,
) {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toContain('application/fhir+json');
  const oo = JSON.parse(r.body);
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(oo.issue.length).toBeGreaterThan(0);
  expect(r.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  if (code) expect(oo.issue[0].details.coding[0].code).toBe(code);
  return oo;
}

describe('bad input gets a clear OperationOutcome, never a 500', () => {
  it('malformed JSON', async () => {
    expectOutcome(await c.post('Patient', '{"resourceType": "Patient",'), 400, 'HW-REQ-002');
  });
  it('an empty body', async () => {
    expectOutcome(await c.post('Patient', ''), 400);
  });
  it('a JSON array or scalar instead of a resource', async () => {
    expectOutcome(await c.post('Patient', '[1,2]'), 400);
    expectOutcome(await c.post('Patient', '42'), 400);
    expectOutcome(await c.post('Patient', 'null'), 400);
  });
  it('a wrong media type', async () => {
    expectOutcome(await c.post('Patient', 'name=x', { 'content-type': 'text/plain' }), 415, 'HW-REQ-003');
    expectOutcome(
      await c.post('Patient', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
  });
  it('an oversized body', async () => {
    const big = JSON.stringify({
      ...patient(),
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(3 * 1024 * 1024)}</div>`,
      },
    });
    expectOutcome(await c.post('Patient', big), 413, 'HW-REQ-005');
  });
  it('ids that break the FHIR id rules', async () => {
    for (const id of ['a_b', 'a b', 'é', 'x'.repeat(65), '%00']) {
      expectOutcome(await c.get(`Patient/${encodeURIComponent(id)}`), 400);
    }
    expectOutcome(await c.put('Patient/a%2Fb', { ...patient(), id: 'a/b' }), 400);
    expectOutcome(await c.get('Patient/1/_history/abc'), 400);
    expectOutcome(await c.get('Patient/1/_history/0'), 400);
  });
  it('control characters (NUL) in a resource or a search value, refused rather than stored or crashed on', async () => {
    const oo = expectOutcome(
      await c.post('Patient', '{"resourceType":"Patient","name":[{"family":"A\\u0000B"}]}'),
      400,
      'HW-VAL-023',
    );
    expect(oo.issue[0].expression).toEqual(['Patient.name[0].family']);
    expectOutcome(await c.get('Patient?name=A%00B'), 400, 'HW-SRCH-002');
    expect(
      (await c.post('Patient', '{"resourceType":"Patient","name":[{"family":"Tab\\tok"}]}')).status,
    ).toBe(201);
  });
  it('validation errors point at the element', async () => {
    const oo = expectOutcome(
      await c.post('Patient', { ...patient(), birthDate: '1970-13-01', foo: true }),
      400,
    );
    const expressions = oo.issue.flatMap((i: { expression?: string[] }) => i.expression ?? []);
    expect(expressions).toContain('Patient.birthDate');
    expect(expressions).toContain('Patient.foo');
  });
  it('a resource that is not of the URL type, and an unknown resourceType', async () => {
    expectOutcome(await c.post('Observation', patient()), 400);
    expectOutcome(await c.post('Patient', { resourceType: 'Nonsense' }), 400);
  });
  it('unknown search parameters are refused, unless handling=lenient', async () => {
    const strict = expectOutcome(await c.get('Patient?nonsense=1'), 400, 'HW-SRCH-001');
    expect(strict.issue[0].diagnostics).toContain('nonsense');
    const lenient = await c.get('Patient?nonsense=1&_count=1', { prefer: 'handling=lenient' });
    expect(lenient.status).toBe(200);
    expect(lenient.json().link[0].url).not.toContain('nonsense');
    expectOutcome(await c.get('Patient?_lastUpdated=gt2024-02-30'), 400);
    expectOutcome(await c.get('Patient?_count=-1'), 400);
    expectOutcome(await c.get('Patient?identifier:foo=1'), 400);
  });
  it('search values are bind parameters: injection attempts are just unmatched values', async () => {
    const attempts = ["x' OR '1'='1", '1); DROP TABLE resource; --', "\\' OR 1=1 --", 'a|b|c\\,d'];
    for (const a of attempts) {
      const r = await c.get(`Patient?identifier=${encodeURIComponent(a)}`);
      expect([200, 400]).toContain(r.status);
      if (r.status === 200) expect(r.json().total).toBe(0);
    }
    expectOutcome(await c.get(`Patient?_id=${encodeURIComponent("' OR 1=1 --")}`), 400, 'HW-SRCH-002');
    expect((await c.post('Patient', patient())).status).toBe(201);
  });
  it('methods and paths that do not exist', async () => {
    expectOutcome(await c.get('/nothing-here'), 404);
    expectOutcome(await c.post('Patient/123', patient()), 405);
    expectOutcome(await c.get('Patient/1/2/3/4/5'), 404);
    expectOutcome(await c.get('Patient/$everything-unknown'), 501);
  });
  it('If-Match values that are not versions', async () => {
    const id = (await c.post('Patient', patient())).json().id;
    expectOutcome(await c.put(`Patient/${id}`, { ...patient(), id }, { 'if-match': 'banana' }), 400);
  });
});
