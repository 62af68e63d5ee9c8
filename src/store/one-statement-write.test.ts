import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientCompartment, loadSearchParameters } from '../definitions/index.js';
import { createExtractor, createSearchRegistry } from '../fhir/search/index.js';
import type { FhirResource } from '../fhir/index.js';
import { loadR4Definitions } from '../fhir/validation/index.js';
import { INDEX_TABLES } from './index-writer.js';
import type { Indexer } from './indexer.js';
import { migrate } from './migrator.js';
import { migrations } from './migrations/index.js';
import { ONE_STATEMENT_MAX_VERSIONS } from './one-statement-write.js';
import { createPatientKey } from './patient-key.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createPostgresResourceStore } from './postgres-resource-store.js';
import type { ResourceStore, WriteRequest } from './resource-store.js';
import type { SqlDriver } from './sql-driver.js';

type Resource = FhirResource & { id: string };

/** Resources whose index rows reach every index table, with values that need escaping or casting. */
function resources(round: number): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; i < 30; i++) {
    const patient = `p${i % 3}${round === 1 && i % 2 === 0 ? '-moved' : ''}`;
    out.push({
      resourceType: 'Patient',
      id: `p${i}`,
      identifier: [{ system: 'urn:example:mrn', value: `MRN\t${i}\\"{},${round}` }],
      name: [{ family: `O'Brien ${round}`, given: ['Zoë', 'NULL'] }],
      birthDate: `19${50 + i}-0${(i % 9) + 1}`,
    });
    out.push({
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure' }] },
      subject: { reference: `Patient/${patient}` },
      effectiveDateTime: `2024-0${(i % 9) + 1}-1${round}`,
      valueQuantity: {
        value: 120.5 + i + round,
        unit: 'mmHg',
        system: 'http://unitsofmeasure.org',
        code: 'mm[Hg]',
      },
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: {
            value: 120 + i,
            unit: 'mmHg',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        },
      ],
    });
  }
  out.push({
    resourceType: 'RiskAssessment',
    id: 'r1',
    status: 'final',
    subject: { reference: 'Patient/p1' },
    prediction: [{ probabilityDecimal: 0.25 + round / 10 }],
  });
  for (const id of ['v1', 'v2'])
    out.push({ resourceType: 'ValueSet', id, status: 'active', url: `http://example.org/${id}/${round}` });
  return out;
}

const TABLES = ['resource', 'resource_history', 'resource_id', 'search_text_pending', ...INDEX_TABLES];

/** Every stored row, in a fixed order, as text. */
async function dump(driver: SqlDriver): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const r = await driver.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    out[table] = r.rows.map((x) => x.row);
  }
  return out;
}

describe('a small write in one statement', () => {
  let indexer: Indexer;
  const opened: { driver: SqlDriver; store: ResourceStore }[] = [];
  const clock = () => new Date('2026-01-02T03:04:05.678Z');

  beforeAll(async () => {
    const model = loadR4Definitions();
    indexer = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
    for (let i = 0; i < 2; i++) {
      const driver = await createPgliteDriver();
      await migrate(driver, migrations);
      const patientKey = createPatientKey(loadPatientCompartment());
      opened.push({
        driver,
        store: createPostgresResourceStore({ driver, indexer, patientKey, now: clock }),
      });
    }
  });
  afterAll(async () => {
    for (const o of opened) await o.store.close();
  });

  it('stores exactly what the COPY path stores: versions, history, ids, every index table, the text queue', async () => {
    const [bulk, small] = opened as [(typeof opened)[0], (typeof opened)[0]];
    for (const round of [0, 1]) {
      const requests: WriteRequest[] = resources(round)
        .filter((resource) => round === 0 || resource.id !== 'v1')
        .map((resource) => ({ op: round === 0 ? 'create' : 'update', resource }));
      if (round === 1) requests.push({ op: 'delete', resourceType: 'ValueSet', id: 'v1' });
      // The same versions in the same order (so the same sequence numbers): one write by COPY, and
      // writes small enough to go as one statement each.
      expect(requests.length).toBeGreaterThan(ONE_STATEMENT_MAX_VERSIONS);
      await bulk.store.write(requests);
      for (let i = 0; i < requests.length; i += 20) await small.store.write(requests.slice(i, i + 20));
    }
    const [a, b] = [await dump(bulk.driver), await dump(small.driver)];
    for (const table of ['resource', 'resource_history', 'search_token', 'search_string', 'search_date'])
      expect(a[table]!.length, table).toBeGreaterThan(0);
    for (const table of ['search_number', 'search_quantity', 'search_reference', 'search_uri'])
      expect(a[table]!.length, table).toBeGreaterThan(0);
    expect(a.search_composite!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('leaves nothing behind when the statement fails: the id registry refuses a duplicate create', async () => {
    const { store, driver } = opened[1]!;
    const before = await dump(driver);
    const fresh: Resource = { resourceType: 'Patient', id: 'fresh', name: [{ family: 'New' }] };
    await expect(
      store.write([
        { op: 'create', resource: fresh },
        { op: 'create', resource: { ...resources(0)[0]!, id: 'p0' } },
      ]),
    ).rejects.toThrow();
    expect(await dump(driver)).toEqual(before);
  });
});
