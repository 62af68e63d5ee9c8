import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, FhirResource } from '../../fhir/index.js';
import { createServiceFor } from '../../main.js';
import type { FhirService } from '../../rest/index.js';
import { openStore } from '../../store/index.js';
import type { OpenedStore } from '../../store/index.js';
import { importFiles, ImportInputError } from './index.js';

const uuid = () => globalThis.crypto.randomUUID();

function patient(id: string, extra: Record<string, unknown> = {}): FhirResource {
  return {
    resourceType: 'Patient',
    id,
    name: [{ family: 'Hall', given: ['Ruth'] }],
    gender: 'female',
    ...extra,
  };
}

function observation(id: string, subject: string): FhirResource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
    subject: { reference: subject },
    valueQuantity: { value: 70.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  };
}

/** A Synthea-style transaction: POST entries whose fullUrl is urn:uuid:<id>, referencing each other. */
function syntheaStyleBundle(patientId = uuid(), observationId = uuid()): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: `urn:uuid:${patientId}`,
        resource: patient(patientId),
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: `urn:uuid:${observationId}`,
        resource: observation(observationId, `urn:uuid:${patientId}`),
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}

describe('importFiles (real PGlite store and FHIR service)', () => {
  let opened: OpenedStore;
  let service: FhirService;
  let dir: string;

  const count = async (table: 'resource' | 'resource_history', type?: string) => {
    const r = await opened.driver.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table}${type ? ' WHERE resource_type = $1' : ''}`,
      type ? [type] : [],
    );
    return Number(r.rows[0]!.n);
  };
  const read = async (type: string, id: string) => {
    const v = await opened.store.read(type, id);
    return v?.content ? (JSON.parse(v.content) as FhirResource) : undefined;
  };

  // One store for the file: every test writes its own fresh ids and measures what it added.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heartwood-import-'));
    opened = await openStore({ kind: 'pglite' });
    service = createServiceFor(opened, 'http://heartwood.test/fhir');
  });
  afterAll(async () => {
    await opened?.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a JSON transaction Bundle under the source ids, resolving urn:uuid references', async () => {
    const [p, o] = [uuid(), uuid()];
    const file = join(dir, 'one-bundle.json');
    await writeFile(file, JSON.stringify(syntheaStyleBundle(p, o), null, 2));

    const summary = await importFiles({ service, paths: [file] });

    expect(summary).toMatchObject({
      filesTotal: 1,
      filesDone: 1,
      bundles: 1,
      resources: 2,
      created: 2,
      failureCount: 0,
    });
    expect(summary.bytesRead).toBe(summary.bytesTotal);
    expect((await read('Patient', p))?.name).toEqual([{ family: 'Hall', given: ['Ruth'] }]);
    expect((await read('Observation', o))?.subject).toEqual({ reference: `Patient/${p}` });
  });

  it('imports NDJSON of stand-alone resources in batches, across files', async () => {
    const ids = Array.from({ length: 7 }, uuid);
    const file = join(dir, 'patients.ndjson');
    await writeFile(file, ids.map((id) => JSON.stringify(patient(id))).join('\n') + '\n\n');

    const summary = await importFiles({ service, paths: [file], batchSize: 3 });

    expect(summary).toMatchObject({ bundles: 0, resources: 7, created: 7, failureCount: 0 });
    for (const id of ids) expect(await read('Patient', id)).toBeDefined();
  });

  it('streams gzip NDJSON of Bundles', async () => {
    const bundles = [syntheaStyleBundle(), syntheaStyleBundle(), syntheaStyleBundle()];
    const file = join(dir, 'bundles.ndjson.gz');
    await writeFile(file, gzipSync(bundles.map((b) => JSON.stringify(b)).join('\n')));
    const before = await count('resource', 'Patient');

    const summary = await importFiles({ service, paths: [file], concurrency: 2 });

    expect(summary).toMatchObject({ bundles: 3, resources: 6, failureCount: 0 });
    expect((await count('resource', 'Patient')) - before).toBe(3);
    expect(summary.bytesRead).toBe(summary.bytesTotal);
  });

  it('walks a directory recursively, reading .json, .ndjson and .gz and skipping other files', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(root, 'a.json'), JSON.stringify(syntheaStyleBundle()));
    await writeFile(join(root, 'nested', 'b.json.gz'), gzipSync(JSON.stringify(patient(uuid()))));
    await writeFile(join(root, 'nested', 'deeper', 'c.ndjson'), JSON.stringify(patient(uuid())));
    await writeFile(join(root, 'nested', 'README.txt'), 'not FHIR');
    await writeFile(join(root, '.hidden.json'), '{');
    const before = await count('resource', 'Patient');

    const summary = await importFiles({ service, paths: [root] });

    expect(summary).toMatchObject({ filesTotal: 3, filesDone: 3, bundles: 1, resources: 4, failureCount: 0 });
    expect((await count('resource', 'Patient')) - before).toBe(3);
  });

  it('reports a failing transaction entry with its file, line, entry and diagnostics, and goes on', async () => {
    const bad = syntheaStyleBundle();
    (bad.entry![1]!.resource as Record<string, unknown>).status = 'not-a-status';
    const file = join(dir, 'mixed.ndjson');
    await writeFile(
      file,
      [
        JSON.stringify(syntheaStyleBundle()),
        JSON.stringify(bad),
        '{oops',
        JSON.stringify({ hello: 1 }),
        JSON.stringify(syntheaStyleBundle()),
      ].join('\n'),
    );
    const before = await count('resource', 'Patient');

    const summary = await importFiles({ service, paths: [file], concurrency: 1 });

    expect(summary).toMatchObject({ bundles: 3, resources: 4, failedResources: 4 });
    expect(summary.failures).toHaveLength(3);
    expect(summary.failures[0]).toMatchObject({ file, line: 2, entry: 1, status: 400 });
    expect(summary.failures[0]!.diagnostics).toMatch(/status/);
    expect(summary.failures[1]).toMatchObject({
      file,
      line: 3,
      diagnostics: expect.stringMatching(/not valid JSON/),
    });
    expect(summary.failures[2]).toMatchObject({
      file,
      line: 4,
      diagnostics: expect.stringMatching(/not a FHIR resource/),
    });
    // The transaction was all-or-nothing: neither of its resources exists.
    expect((await count('resource', 'Patient')) - before).toBe(2);
  });

  it('reports a failing resource of a batch by its line, and keeps the others', async () => {
    const file = join(dir, 'some-bad.ndjson');
    await writeFile(
      file,
      [patient(uuid()), patient(uuid(), { gender: 'sometimes' }), patient(uuid())]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );

    const summary = await importFiles({ service, paths: [file] });

    expect(summary).toMatchObject({ resources: 2, failedResources: 1, failureCount: 1 });
    expect(summary.failures[0]).toMatchObject({ file, line: 2, status: 400 });
    expect(summary.failures[0]!.entry).toBeUndefined();
  });

  it('importing the same data twice creates no new resources and no new versions', async () => {
    const file = join(dir, 'twice.ndjson.gz');
    const lines = [
      JSON.stringify(syntheaStyleBundle()),
      JSON.stringify(syntheaStyleBundle()),
      JSON.stringify(patient(uuid())),
    ];
    await writeFile(file, gzipSync(lines.join('\n')));

    const historyBefore = await count('resource_history');
    const first = await importFiles({ service, paths: [file] });
    const resourcesAfterFirst = await count('resource');
    const second = await importFiles({ service, paths: [file] });

    expect(first).toMatchObject({ resources: 5, created: 5, failureCount: 0 });
    expect(second).toMatchObject({ resources: 5, created: 0, failureCount: 0 });
    expect(await count('resource')).toBe(resourcesAfterFirst);
    expect(await count('resource_history')).toBe(historyBefore);
  });

  it('with server ids, POSTs as the source says: a second import makes new resources', async () => {
    const file = join(dir, 'server-ids.json');
    await writeFile(file, JSON.stringify(syntheaStyleBundle()));
    const before = await count('resource', 'Patient');

    await importFiles({ service, paths: [file], ids: 'server' });
    await importFiles({ service, paths: [file], ids: 'server' });

    expect((await count('resource', 'Patient')) - before).toBe(2);
  });

  it('stops taking work when aborted, and a second run completes the import', async () => {
    const ids = Array.from({ length: 6 }, uuid);
    const file = join(dir, 'aborted.ndjson');
    await writeFile(file, ids.map((id) => JSON.stringify(patient(id))).join('\n'));
    const abort = new AbortController();

    const first = await importFiles({
      service,
      paths: [file],
      batchSize: 1,
      concurrency: 1,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.resources >= 2) abort.abort();
      },
    });
    const second = await importFiles({ service, paths: [file], batchSize: 1 });

    expect(first.aborted).toBe(true);
    expect(first.resources).toBe(2);
    expect(second).toMatchObject({ aborted: false, resources: 6, created: 4, failureCount: 0 });
  });

  it('refuses to start on a missing path or an unsupported file, naming it', async () => {
    const missing = join(dir, 'nope.ndjson');
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'x');
    await expect(importFiles({ service, paths: [missing] })).rejects.toThrow(ImportInputError);
    await expect(importFiles({ service, paths: [missing, text] })).rejects.toThrow(
      /nope\.ndjson: no such file[\s\S]*notes\.txt: not a \.json/,
    );
  });

  it('reports a corrupt gzip file as a failure of that file', async () => {
    const file = join(dir, 'broken.ndjson.gz');
    await writeFile(file, Buffer.from('this is not gzip'));
    const summary = await importFiles({ service, paths: [file] });
    expect(summary.failures).toEqual([{ file, diagnostics: expect.stringMatching(/gzip/) }]);
  });
});
