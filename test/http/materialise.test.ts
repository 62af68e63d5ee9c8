import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentResource } from '../../src/consent/index.js';
import { refreshMaterialisedView } from '../../src/operations/index.js';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** ViewDefinition/$materialize: a view's rows as analytics.<name>, opt-outs left out, refreshed whole. */
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

const observation = (id: string, patient: string, code: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: `Patient/${patient}` },
  valueQuantity: { value: 70, unit: 'kg' },
});

const VIEW = {
  resourceType: 'ViewDefinition',
  name: 'mat_obs',
  status: 'active',
  resource: 'Observation',
  select: [
    {
      column: [
        { name: 'id', path: 'getResourceKey()', type: 'id' },
        { name: 'patient_id', path: 'subject.getReferenceKey(Patient)', type: 'id' },
        { name: 'code', path: "code.coding.where(system = 'http://loinc.org').code.first()", type: 'code' },
        { name: 'value', path: 'value.ofType(Quantity).value', type: 'decimal' },
      ],
    },
  ],
};

async function materialise(parameters: unknown[]) {
  return t.app.inject({
    method: 'POST',
    url: '/fhir/ViewDefinition/$materialize',
    headers: JSON_TYPE,
    payload: { resourceType: 'Parameters', parameter: parameters },
  });
}

const value = (body: string, name: string) =>
  (JSON.parse(body) as { parameter: Record<string, unknown>[] }).parameter.find((p) => p.name === name);

async function rows(
  table: string,
): Promise<{ id: string; patient_id: string; code: string; value: string }[]> {
  const r = await t.opened.driver.query<{ id: string; patient_id: string; code: string; value: string }>(
    `SELECT id, patient_id, code, value::text AS value FROM analytics."${table}" ORDER BY id`,
  );
  return r.rows;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const p of ['mt-p1', 'mt-p2']) await put({ resourceType: 'Patient', id: p });
  await put(observation('mt-o1', 'mt-p1', '29463-7'));
  await put(observation('mt-o2', 'mt-p2', '29463-7'));
  await put({
    ...consentResource({
      kind: 'national-data-opt-out',
      patientId: 'mt-p2',
      dateTime: '2025-01-01T00:00:00Z',
    }),
    id: 'mt-c',
  });
});

afterAll(async () => {
  await t.close();
});

describe('ViewDefinition/$materialize', () => {
  it('creates analytics.<name> from the compiled view, without opted-out people, and registers it', async () => {
    const r = await materialise([{ name: 'viewResource', resource: VIEW }]);
    expect(r.statusCode, r.body).toBe(200);
    expect(value(r.body, 'table')).toEqual({ name: 'table', valueString: 'analytics.mat_obs' });
    expect(value(r.body, 'rowCount')).toEqual({ name: 'rowCount', valueInteger: 1 });
    expect(await rows('mat_obs')).toEqual([
      { id: 'mt-o1', patient_id: 'mt-p1', code: '29463-7', value: '70' },
    ]);
    const reg = await t.opened.driver.query<{ name: string; row_count: string; secondary_use: boolean }>(
      `SELECT name, row_count::text AS row_count, secondary_use FROM analytics_view WHERE name = 'mat_obs'`,
    );
    expect(reg.rows).toEqual([{ name: 'mat_obs', row_count: '1', secondary_use: true }]);
  });

  it('refreshes by replacing the whole table, from the registered definition', async () => {
    await put(observation('mt-o3', 'mt-p1', '8867-4'));
    const before = await t.opened.driver.query<{ refreshed_at: Date }>(
      `SELECT refreshed_at FROM analytics_view WHERE name = 'mat_obs'`,
    );
    const driver = t.opened.driver;
    const result = await refreshMaterialisedView((fn) => driver.transaction(fn), driver, 'mat_obs');
    expect(result.rowCount).toBe(2);
    expect((await rows('mat_obs')).map((r) => r.id)).toEqual(['mt-o1', 'mt-o3']);
    const after = await t.opened.driver.query<{ refreshed_at: Date; row_count: string }>(
      `SELECT refreshed_at, row_count::text AS row_count FROM analytics_view WHERE name = 'mat_obs'`,
    );
    expect(after.rows[0]!.row_count).toBe('2');
    expect(new Date(after.rows[0]!.refreshed_at).getTime()).toBeGreaterThanOrEqual(
      new Date(before.rows[0]!.refreshed_at).getTime(),
    );
    // No temporary table is left behind.
    const tables = await t.opened.driver.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' ORDER BY table_name`,
    );
    expect(tables.rows.map((x) => x.table_name)).toEqual(['mat_obs']);
  });

  it('keeps opted-out people only when asked for direct care, under another name', async () => {
    const r = await materialise([
      { name: 'viewResource', resource: VIEW },
      { name: 'name', valueString: 'mat_obs_care' },
      { name: 'secondaryUse', valueBoolean: false },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    expect((await rows('mat_obs_care')).map((x) => x.id)).toEqual(['mt-o1', 'mt-o2', 'mt-o3']);
  });

  it.each([
    [
      'a bad table name',
      [
        { name: 'viewResource', resource: VIEW },
        { name: 'name', valueString: 'Robert"; DROP' },
      ],
      400,
    ],
    ['no view', [{ name: 'name', valueString: 'x' }], 400],
    [
      'an unknown parameter',
      [
        { name: 'viewResource', resource: VIEW },
        { name: 'colour', valueString: 'x' },
      ],
      400,
    ],
    [
      'an invalid view',
      [{ name: 'viewResource', resource: { resourceType: 'ViewDefinition', name: 'bad' } }],
      400,
    ],
  ])('refuses %s', async (_what, parameters, status) => {
    const r = await materialise(parameters);
    expect(r.statusCode, r.body).toBe(status);
    expect(JSON.parse(r.body).resourceType).toBe('OperationOutcome');
  });

  it('is POST only', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fhir/ViewDefinition/$materialise' });
    expect(r.statusCode).toBe(405);
  });
});
