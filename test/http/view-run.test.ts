import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientCompartment } from '../../src/definitions/index.js';
import { runViewOverStore } from '../../src/operations/view-run.js';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;

const JSON_TYPE = { 'content-type': 'application/fhir+json' };

async function put(resource: { resourceType: string; id: string; [k: string]: unknown }) {
  const r = await t.app.inject({
    method: 'PUT',
    url: `/fhir/${resource.resourceType}/${resource.id}`,
    headers: JSON_TYPE,
    payload: resource,
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
}

/** POSTs a Parameters body to the R4 form of the operation, `$viewdefinition-run`. */
function run(view: unknown, parameters: Record<string, unknown>[] = [], query = '') {
  return t.app.inject({
    method: 'POST',
    url: `/fhir/$viewdefinition-run${query}`,
    headers: JSON_TYPE,
    payload: {
      resourceType: 'Parameters',
      parameter: [{ name: 'viewResource', resource: view }, ...parameters],
    },
  });
}

const patientView = {
  resourceType: 'ViewDefinition',
  resource: 'Patient',
  status: 'active',
  select: [
    {
      column: [
        { name: 'id', path: 'getResourceKey()' },
        { name: 'family', path: 'name.first().family' },
        { name: 'birthDate', path: 'birthDate' },
      ],
    },
  ],
};

/** The same columns, but `toString()` has no SQL translation: this view runs in memory. */
const patientViewInMemory = {
  ...patientView,
  select: [
    {
      column: [
        { name: 'id', path: 'getResourceKey()' },
        { name: 'family', path: 'name.first().family' },
        { name: 'birthDate', path: 'birthDate.toString()' },
      ],
    },
  ],
};

const componentView = {
  resourceType: 'ViewDefinition',
  resource: 'Observation',
  status: 'active',
  select: [
    { column: [{ name: 'id', path: 'getResourceKey()' }] },
    {
      forEach: 'component',
      column: [
        { name: 'code', path: 'code.coding.first().code' },
        { name: 'value', path: 'value.ofType(Quantity).value' },
      ],
    },
  ],
};

const ROWS = [
  { id: 'vr-p1', family: 'Jones', birthDate: '1970-01-02' },
  { id: 'vr-p2', family: null, birthDate: '1985-06-30' },
  { id: 'vr-p3', family: 'O"Brien, "Jr"\nline', birthDate: null },
];

beforeAll(async () => {
  t = await createTestApp();
  await put({ resourceType: 'Patient', id: 'vr-p1', name: [{ family: 'Jones' }], birthDate: '1970-01-02' });
  await put({ resourceType: 'Patient', id: 'vr-p2', birthDate: '1985-06-30' });
  // A superseded version: only the current one may appear.
  await put({ resourceType: 'Patient', id: 'vr-p3', name: [{ family: 'Old' }], birthDate: '1990-01-01' });
  await put({ resourceType: 'Patient', id: 'vr-p3', name: [{ family: 'O"Brien, "Jr"\nline' }] });
  await put({ resourceType: 'Patient', id: 'vr-gone', name: [{ family: 'Deleted' }] });
  const del = await t.app.inject({ method: 'DELETE', url: '/fhir/Patient/vr-gone' });
  expect(del.statusCode).toBeLessThan(300);
  const bp = (id: string, patient: string, systolic: number, diastolic: number) => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    subject: { reference: `Patient/${patient}` },
    component: [
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: systolic, unit: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
        valueQuantity: { value: diastolic, unit: 'mm[Hg]' },
      },
    ],
  });
  await put(bp('vr-o1', 'vr-p1', 120, 80));
  await put(bp('vr-o2', 'vr-p2', 135.5, 90));
  await put({
    resourceType: 'Observation',
    id: 'vr-o3',
    status: 'final',
    code: { text: 'no components' },
    subject: { reference: 'Patient/vr-p1' },
  });
});
afterAll(() => t.close());

describe('ViewDefinition $run over the store', () => {
  it('answers JSON by default: an array of row objects, columns in view order', async () => {
    const r = await run(patientView);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.body).toBe(JSON.stringify(ROWS));
  });

  it('answers NDJSON, one row object per line', async () => {
    const r = await run(patientView, [{ name: '_format', valueCode: 'ndjson' }]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(r.body).toBe(ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
  });

  it('answers RFC 4180 CSV with a header, quoting commas, quotes and line breaks; null is empty', async () => {
    const r = await run(patientView, [], '?_format=csv');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.body).toBe(
      'id,family,birthDate\r\n' +
        'vr-p1,Jones,1970-01-02\r\n' +
        'vr-p2,,1985-06-30\r\n' +
        'vr-p3,"O""Brien, ""Jr""\nline",\r\n',
    );
    const bare = await run(patientView, [{ name: 'header', valueBoolean: false }], '?_format=text/csv');
    expect(bare.body).toBe(r.body.slice('id,family,birthDate\r\n'.length));
  });

  it('writes numbers as written and collection columns as JSON text in CSV', async () => {
    const view = {
      resourceType: 'ViewDefinition',
      resource: 'Observation',
      select: [
        {
          column: [
            { name: 'id', path: 'getResourceKey()' },
            { name: 'values', path: 'component.value.ofType(Quantity).value', collection: true },
            { name: 'final', path: "status = 'final'", type: 'boolean' },
          ],
        },
      ],
    };
    const r = await run(view, [{ name: '_format', valueCode: 'csv' }]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).toBe(
      'id,values,final\r\nvr-o1,"[120,80]",true\r\nvr-o2,"[135.5,90]",true\r\nvr-o3,[],true\r\n',
    );
  });

  it('unrolls Observation.component with forEach (resources without components give no rows)', async () => {
    const r = await run(componentView);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual([
      { id: 'vr-o1', code: '8480-6', value: 120 },
      { id: 'vr-o1', code: '8462-4', value: 80 },
      { id: 'vr-o2', code: '8480-6', value: 135.5 },
      { id: 'vr-o2', code: '8462-4', value: 90 },
    ]);
  });

  it('stops after _limit rows, from the body or the query string, on both engines', async () => {
    const a = await run(componentView, [{ name: '_limit', valueInteger: 3 }]);
    expect(a.json()).toHaveLength(3);
    const b = await run(patientViewInMemory, [], '?_limit=2');
    expect(b.json()).toEqual(ROWS.slice(0, 2));
    const bad = await run(patientView, [], '?_limit=0');
    expect(bad.statusCode).toBe(400);
  });

  it('falls back to the in-memory runner when the view has no SQL translation, with the same rows', async () => {
    const sql = await run(patientView, [{ name: '_format', valueCode: 'csv' }]);
    const memory = await run(patientViewInMemory, [{ name: '_format', valueCode: 'csv' }]);
    expect(memory.statusCode, memory.body).toBe(200);
    expect(memory.body).toBe(sql.body);
    expect(sql.headers['x-heartwood-view-engine']).toBe('sql');
    expect(memory.headers['x-heartwood-view-engine']).toBe('memory');
    const deps = { driver: t.opened.driver, patientCompartment: loadPatientCompartment() };
    const input = { format: 'json' as const, header: true };
    expect((await runViewOverStore(deps, { ...input, view: patientView })).engine).toBe('sql');
    expect((await runViewOverStore(deps, { ...input, view: componentView })).engine).toBe('sql');
    const fallback = await runViewOverStore(deps, { ...input, view: patientViewInMemory });
    expect(fallback.engine).toBe('memory');
    expect(JSON.parse(fallback.body)).toEqual(ROWS);
  });

  it('restricts to one patient compartment with patient, on both engines', async () => {
    const byRef = await run(componentView, [
      { name: 'patient', valueReference: { reference: 'Patient/vr-p2' } },
    ]);
    expect(byRef.json()).toEqual([
      { id: 'vr-o2', code: '8480-6', value: 135.5 },
      { id: 'vr-o2', code: '8462-4', value: 90 },
    ]);
    const own = await run(patientViewInMemory, [], '?patient=vr-p1');
    expect(own.json()).toEqual([ROWS[0]]);
    const outside = await run(
      { ...patientView, resource: 'Organization', select: [{ column: [{ name: 'id', path: 'id' }] }] },
      [],
      '?patient=vr-p1',
    );
    expect(outside.statusCode).toBe(400);
  });

  it('restricts to resources updated at or after _since', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await run(patientView, [{ name: '_since', valueInstant: future }])).json()).toEqual([]);
    expect((await run(patientViewInMemory, [], `?_since=${future}`)).json()).toEqual([]);
    expect((await run(patientView, [], '?_since=2000-01-01T00:00:00Z')).json()).toEqual(ROWS);
    expect((await run(patientView, [], '?_since=yesterday')).statusCode).toBe(400);
  });

  it('rejects a malformed view with 400 pointing at the element', async () => {
    const r = await run({
      resourceType: 'ViewDefinition',
      resource: 'Patient',
      select: [
        {
          column: [
            { name: 'id', path: 'id' },
            { name: 'bad name', path: 'birthDate' },
          ],
        },
      ],
    });
    expect(r.statusCode).toBe(400);
    const outcome = r.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].expression).toEqual(['ViewDefinition.select[0].column[1].name']);
    const syntax = await run({ ...patientView, select: [{ column: [{ name: 'x', path: 'name.(' }] }] });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().issue[0].expression).toEqual(['ViewDefinition.select[0].column[0].path']);
  });

  it('needs the view inline; stored views and unknown parameters are refused', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/fhir/$viewdefinition-run',
      headers: JSON_TYPE,
      payload: { resourceType: 'Parameters', parameter: [] },
    });
    expect(none.statusCode).toBe(400);
    const byRef = await run(patientView, [
      { name: 'viewReference', valueReference: { reference: 'ViewDefinition/x' } },
    ]);
    expect(byRef.statusCode).toBe(501);
    expect((await run(patientView, [{ name: '_format', valueCode: 'xlsx' }])).statusCode).toBe(400);
    expect((await run(patientView, [], '?colour=blue')).statusCode).toBe(400);
  });

  it('never shows deleted resources or superseded versions', async () => {
    const r = await run(patientView);
    const ids = (r.json() as { id: string }[]).map((row) => row.id);
    expect(ids).not.toContain('vr-gone');
    const memory = await run(patientViewInMemory);
    expect((memory.json() as { id: string }[]).map((row) => row.id)).not.toContain('vr-gone');
    expect(r.body).not.toContain('Old');
    expect(memory.body).not.toContain('Old');
  });

  it('answers at type level too: POST ViewDefinition/$run', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/fhir/ViewDefinition/$run?_format=csv',
      headers: JSON_TYPE,
      payload: { resourceType: 'Parameters', parameter: [{ name: 'viewResource', resource: patientView }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
  });
});

describe('ViewDefinition $run for secondary use', () => {
  it('leaves out people with the national data opt-out when an analyst runs a view, not when Heartwood does', async () => {
    const { consentResource } = await import('../../src/consent/index.js');
    const { bearer } = await import('../support/test-app.js');
    const family = `OptOut${Date.now()}`;
    const kept = `keep-${Date.now()}`;
    const out = `out-${Date.now()}`;
    await put({ resourceType: 'Patient', id: kept, name: [{ family }] });
    await put({ resourceType: 'Patient', id: out, name: [{ family }] });
    const consent = await t.app.inject({
      method: 'POST',
      url: '/fhir/Consent',
      headers: JSON_TYPE,
      payload: consentResource({ kind: 'national-data-opt-out', patientId: out }),
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const view = {
      resourceType: 'ViewDefinition',
      resource: 'Patient',
      status: 'active',
      select: [{ column: [{ name: 'id', path: 'getResourceKey()' }] }],
      where: [{ path: `name.family = '${family}'` }],
    };
    const ids = (r: { body: string }) => (JSON.parse(r.body) as { id: string }[]).map((row) => row.id).sort();
    const analyst = { authorization: await bearer({ role: 'analyst' }) };
    const body = { resourceType: 'Parameters', parameter: [{ name: 'viewResource', resource: view }] };
    const asAnalyst = await t.app.inject({
      method: 'POST',
      url: '/fhir/$viewdefinition-run',
      headers: { ...JSON_TYPE, ...analyst },
      payload: body,
    });
    expect(asAnalyst.statusCode, asAnalyst.body).toBe(200);
    expect(ids(asAnalyst)).toEqual([kept]);
    expect(ids(await run(view))).toEqual([kept, out].sort());
  });
});
