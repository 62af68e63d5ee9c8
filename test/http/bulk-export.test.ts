import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientCompartment } from '../../src/definitions/index.js';
import { runExportJob, tableSink } from '../../src/operations/bulk-export-job.js';
import { exportEverythingCurrent } from '../../src/operations/bulk-export-policy.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;

const JSON_TYPE = { 'content-type': 'application/fhir+json' };
const ASYNC = { prefer: 'respond-async' };

type Resource = { resourceType: string; id: string; [k: string]: unknown };

async function put(resource: Resource) {
  const r = await t.app.inject({
    method: 'PUT',
    url: `/fhir/${resource.resourceType}/${resource.id}`,
    headers: JSON_TYPE,
    payload: resource,
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
}

const patient = (id: string): Resource => ({
  resourceType: 'Patient',
  id,
  name: [{ family: `Family-${id}` }],
});
const observation = (id: string, patientId: string): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: `reading ${id}` },
  subject: { reference: `Patient/${patientId}` },
});
const organization = (id: string): Resource => ({ resourceType: 'Organization', id, name: `Practice ${id}` });

/** The resources every test starts from: 2 patients, 24 observations, 4 organizations. */
const initial: Resource[] = [
  patient('bx-p1'),
  patient('bx-p2'),
  ...Array.from({ length: 24 }, (_, i) => observation(`bx-o${i}`, i % 2 === 0 ? 'bx-p1' : 'bx-p2')),
  ...Array.from({ length: 4 }, (_, i) => organization(`bx-org${i}`)),
];

function relative(url: string): string {
  expect(url.startsWith(`${BASE}/`), url).toBe(true);
  return `/fhir/${url.slice(BASE.length + 1)}`;
}

async function kickOff(path: string) {
  const r = await t.app.inject({ method: 'GET', url: `/fhir/${path}`, headers: ASYNC });
  expect(r.statusCode, r.body).toBe(202);
  const location = r.headers['content-location'];
  expect(typeof location).toBe('string');
  return relative(location as string);
}

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
}

/** Polls the status URL (bounded) until the manifest is ready. */
async function waitForManifest(statusPath: string): Promise<Manifest> {
  for (let i = 0; i < 200; i++) {
    const r = await t.app.inject({ method: 'GET', url: statusPath });
    if (r.statusCode === 200) {
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      return JSON.parse(r.body) as Manifest;
    }
    expect(r.statusCode, r.body).toBe(202);
    expect(r.headers['x-progress']).toMatch(/^exported [0-9,]+ resources$/);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the export did not finish');
}

/** Downloads every file of a manifest: (type/id) → parsed resource. */
async function download(manifest: Manifest): Promise<Map<string, Resource>> {
  const out = new Map<string, Resource>();
  for (const file of manifest.output) {
    const r = await t.app.inject({ method: 'GET', url: relative(file.url) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    const lines = r.body.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(file.count);
    for (const line of lines) {
      const resource = JSON.parse(line) as Resource;
      expect(resource.resourceType).toBe(file.type);
      out.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }
  return out;
}

async function exportAll(path: string) {
  return download(await waitForManifest(await kickOff(path)));
}

async function current(keys: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const key of keys) {
    const r = await t.app.inject({ method: 'GET', url: `/fhir/${key}` });
    expect(r.statusCode, r.body).toBe(200);
    out.set(key, JSON.parse(r.body));
  }
  return out;
}

const keysOf = (resources: Resource[]) => resources.map((r) => `${r.resourceType}/${r.id}`).sort();

beforeAll(async () => {
  t = await createTestApp();
  for (const r of initial) await put(r);
  // A deleted resource must never be exported.
  await put(observation('bx-gone', 'bx-p1'));
  const d = await t.app.inject({ method: 'DELETE', url: '/fhir/Observation/bx-gone' });
  expect(d.statusCode).toBeLessThan(300);
  const probe = await t.app.inject({
    method: 'GET',
    url: '/fhir/$export?_type=Organization',
    headers: ASYNC,
  });
  expect(probe.statusCode, probe.body).toBe(202);
});

afterAll(async () => {
  await t.close();
});

describe('$export kick-off errors', () => {
  it('requires Prefer: respond-async', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fhir/$export' });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).resourceType).toBe('OperationOutcome');
  });

  it.each([
    ['an unsupported _outputFormat', '$export?_outputFormat=text%2Fcsv'],
    ['an unknown _type', '$export?_type=Patient,NotAType'],
    ['a _since that is not an instant', '$export?_since=2024-01-01'],
    ['an unsupported parameter', '$export?includeAssociatedData=LatestProvenanceResources'],
    ['a _typeFilter that is not Type?search', '$export?_typeFilter=active%3Dtrue'],
    ['a _typeFilter with an unknown parameter', '$export?_typeFilter=Patient%3Fnope%3D1'],
    ['a _typeFilter with a result parameter', '$export?_typeFilter=Patient%3F_count%3D1'],
    ['an unknown _purpose', '$export?_purpose=marketing'],
    ['patient at system level', '$export?patient=Patient%2Fbx-p1'],
    ['an unknown _type at Patient level', 'Patient/$export?_type=Nope'],
  ])('rejects %s with 400', async (_what, path) => {
    const r = await t.app.inject({ method: 'GET', url: `/fhir/${path}`, headers: ASYNC });
    expect(r.statusCode, r.body).toBe(400);
    expect(JSON.parse(r.body).resourceType).toBe('OperationOutcome');
  });

  it('does not offer Group-level export', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fhir/Group/$export', headers: ASYNC });
    expect(r.statusCode).toBe(501);
  });

  it('answers 404 for an unknown job and an unknown file', async () => {
    const s = await t.app.inject({ method: 'GET', url: '/fhir/$export-status?job=no-such-job' });
    expect(s.statusCode).toBe(404);
    const f = await t.app.inject({
      method: 'GET',
      url: '/fhir/$export-file?job=no-such-job&type=Patient&part=1',
    });
    expect(f.statusCode).toBe(404);
  });
});

describe('$export round trips', () => {
  it('exports every current resource, deleted ones excluded, exactly as served', async () => {
    const statusPath = await kickOff('$export?_outputFormat=application%2Ffhir%2Bndjson');
    const manifest = await waitForManifest(statusPath);
    expect(manifest.requiresAccessToken).toBe(false);
    expect(manifest.error).toEqual([]);
    expect(manifest.request).toBe(`${BASE}/$export?_outputFormat=application%2Ffhir%2Bndjson`);
    expect(Number.isNaN(Date.parse(manifest.transactionTime))).toBe(false);
    expect(manifest.output.map((o) => o.type).sort()).toEqual(['Observation', 'Organization', 'Patient']);
    const exported = await download(manifest);
    expect([...exported.keys()].sort()).toEqual(keysOf(initial));
    expect(exported.has('Observation/bx-gone')).toBe(false);
    const served = await current([...exported.keys()]);
    for (const [key, resource] of exported) expect(resource, key).toEqual(served.get(key));
  });

  it('exports only the types in _type', async () => {
    const exported = await exportAll('$export?_type=Patient,Organization');
    expect([...exported.keys()].sort()).toEqual(
      keysOf(initial.filter((r) => r.resourceType !== 'Observation')),
    );
  });

  it('exports at Patient level only resources in a patient compartment', async () => {
    const exported = await exportAll('Patient/$export');
    expect([...exported.keys()].sort()).toEqual(
      keysOf(initial.filter((r) => r.resourceType !== 'Organization')),
    );
    const explicit = await exportAll('Patient/$export?_type=Organization,Patient');
    expect([...explicit.keys()].sort()).toEqual(['Patient/bx-p1', 'Patient/bx-p2']);
  });

  it('cancels a job with DELETE on its status URL', async () => {
    const statusPath = await kickOff('$export');
    const d = await t.app.inject({ method: 'DELETE', url: statusPath });
    expect(d.statusCode, d.body).toBe(202);
    const s = await t.app.inject({ method: 'GET', url: statusPath });
    expect(s.statusCode).toBe(404);
    const again = await t.app.inject({ method: 'DELETE', url: statusPath });
    expect(again.statusCode).toBe(404);
  });

  it('removes the files of a finished job on DELETE', async () => {
    const statusPath = await kickOff('$export?_type=Patient');
    const manifest = await waitForManifest(statusPath);
    const d = await t.app.inject({ method: 'DELETE', url: statusPath });
    expect(d.statusCode).toBe(202);
    const f = await t.app.inject({ method: 'GET', url: relative(manifest.output[0]!.url) });
    expect(f.statusCode).toBe(404);
  });

  // Last: it writes resources the other tests do not expect.
  it('exports only resources updated at or after _since', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = [observation('bx-late1', 'bx-p1'), organization('bx-late-org')];
    for (const r of later) await put(r);
    const exported = await exportAll(`$export?_since=${encodeURIComponent(since)}`);
    expect([...exported.keys()].sort()).toEqual(keysOf(later));
  });
});

describe('export job', () => {
  it('reads in keyset pages and splits each type into bounded parts', async () => {
    const driver = t.opened.driver;
    const jobId = 'bx-unit-job';
    const job = { exported: 0, cancelled: false, done: Promise.resolve() };
    const files = await runExportJob(
      {
        driver,
        patientCompartment: loadPatientCompartment(),
        policy: exportEverythingCurrent,
        lookup: { param: (type, code) => t.opened.registry.param(type, code), isResourceType: () => true },
        pageSize: 4,
        partSize: 5,
      },
      tableSink(driver, jobId),
      { url: `${BASE}/$export`, level: 'system', types: ['Observation', 'Patient'] },
      job,
    );
    const observations = files.filter((f) => f.type === 'Observation');
    expect(observations.every((f) => f.count <= 5)).toBe(true);
    expect(observations.map((f) => f.part)).toEqual(observations.map((_, i) => i + 1));
    const { rows } = await driver.query<{ content: string }>(
      `SELECT content FROM bulk_export_file WHERE job_id = $1 AND resource_type = 'Observation' ORDER BY part`,
      [jobId],
    );
    const ids = rows
      .flatMap((r) => r.content.split('\n').filter((l) => l !== ''))
      .map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(24);
    expect(ids).not.toContain('bx-gone');
    expect(job.exported).toBe(ids.length + 2);
    await driver.query(`DELETE FROM bulk_export_file WHERE job_id = $1`, [jobId]);
  });

  it('asks a row policy about every resource, and writes only what it allows', async () => {
    const driver = t.opened.driver;
    const jobId = 'bx-policy-job';
    const job = { exported: 0, cancelled: false, done: Promise.resolve() };
    const asked: string[] = [];
    const files = await runExportJob(
      {
        driver,
        patientCompartment: loadPatientCompartment(),
        policy: (_request, r) => {
          asked.push(r.id);
          return r.patientKey === 'bx-p1';
        },
        lookup: { param: (type, code) => t.opened.registry.param(type, code), isResourceType: () => true },
        pageSize: 4,
        partSize: 5,
      },
      tableSink(driver, jobId),
      { url: `${BASE}/$export`, level: 'system', types: ['Patient'] },
      job,
    );
    expect(asked.sort()).toEqual(['bx-p1', 'bx-p2']);
    expect(files).toEqual([{ type: 'Patient', part: 1, count: 1 }]);
    await driver.query(`DELETE FROM bulk_export_file WHERE job_id = $1`, [jobId]);
  });
});
