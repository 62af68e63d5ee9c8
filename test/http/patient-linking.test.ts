import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedPatientIds } from '../../src/identity/index.js';
import { drainPatientLinker } from '../../src/operations/index.js';
import { fhirClient, uid } from '../support/fhir-client.js';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const TASK_CODE = 'https://heartwood.nhs.example/fhir/CodeSystem/task-code';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A surname no other test uses, so blocking in one test never finds another's records. */
const surname = () =>
  `Q${uid()
    .replace(/[^a-f]/g, '')
    .slice(0, 6)}son`;

async function create(resource: Json): Promise<string> {
  const r = await c.post(resource.resourceType, resource);
  expect(r.status).toBe(201);
  return r.json().id as string;
}

const person = (given: string, family: string, birthDate: string, extra: Json = {}) =>
  create({
    resourceType: 'Patient',
    name: [{ family, given: [given] }],
    birthDate,
    gender: 'female',
    ...extra,
  });

const ref = (id: string) => ({ reference: `Patient/${id}` });
const drain = () => drainPatientLinker(t.opened, { batchSize: 50 });
const linkIds = (id: string) => t.opened.store.withExecutor((exec) => linkedPatientIds(exec, id));
const reviewTasks = async (id: string): Promise<Json[]> => {
  const r = await c.get(
    `Task?code=${encodeURIComponent(`${TASK_CODE}|patient-link-review`)}&focus=Patient/${id}`,
  );
  expect(r.status).toBe(200);
  return (r.json().entry ?? []).map((e: Json) => e.resource);
};
const everythingIds = async (id: string) =>
  ((await c.get(`Patient/${id}/$everything`)).json().entry as Json[]).map((e) => e.resource.id as string);

describe('Patient/$link, $unlink and $links', () => {
  it('links two records by hand, with who and why, and $everything spans them until unlinked', async () => {
    const family = surname();
    const a = await person('Maya', family, '1990-01-02');
    const b = await person('Maya', family, '1990-01-02');
    const obs = await create({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'BP' },
      subject: ref(b),
    });

    const r = await c.post(`Patient/${a}/$link`, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'other', valueReference: ref(b) },
        { name: 'reason', valueString: 'confirmed at the desk' },
      ],
    });
    expect(r.status).toBe(201);
    expect(
      (
        await c.post(`Patient/${a}/$link`, {
          resourceType: 'Parameters',
          parameter: [{ name: 'other', valueString: `Patient/${b}` }],
        })
      ).status,
    ).toBe(200);
    expect(await everythingIds(a)).toEqual(expect.arrayContaining([a, b, obs]));

    const unlink = await c.post('Patient/$unlink', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'patient', valueReference: ref(a) },
        { name: 'other', valueReference: ref(b) },
        { name: 'reason', valueString: 'different people after all' },
      ],
    });
    expect(unlink.status).toBe(200);
    expect(await everythingIds(a)).toEqual([a]);

    const history = (await c.get(`Patient/${b}/$links`)).json();
    const links = history.parameter.filter((p: Json) => p.name === 'link');
    expect(links).toHaveLength(1);
    expect(links[0].part).toEqual(
      expect.arrayContaining([
        { name: 'kind', valueCode: 'manual' },
        { name: 'state', valueCode: 'ended' },
        { name: 'reason', valueString: 'confirmed at the desk' },
        { name: 'end-reason', valueString: 'different people after all' },
        { name: 'ended-by', valueString: expect.stringMatching(/\S/) },
      ]),
    );
    // Unlinked by a person: the linker must not join them again.
    await drain();
    expect(await linkIds(a)).toEqual([a]);
  });

  it('refuses what it cannot do as OperationOutcomes', async () => {
    const family = surname();
    const a = await person('Ann', family, '1960-01-01', {
      identifier: [{ system: NHS, value: '9991000003' }],
    });
    const b = await person('Ann', family, '1960-01-01', {
      identifier: [{ system: NHS, value: '9991001379' }],
    });
    const link = (other: unknown) =>
      c.post(`Patient/${a}/$link`, {
        resourceType: 'Parameters',
        parameter: [{ name: 'other', ...(other as object) }],
      });
    expect((await link({ valueReference: ref(b) })).status).toBe(422);
    expect((await link({ valueReference: ref(a) })).status).toBe(400);
    expect((await link({ valueReference: { reference: 'Observation/x' } })).status).toBe(400);
    expect((await link({ valueReference: ref('nobody') })).status).toBe(404);
    const unlink = await c.post(`Patient/${a}/$unlink`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'other', valueReference: ref(b) }],
    });
    expect(unlink.status).toBe(422);
    expect(unlink.json().resourceType).toBe('OperationOutcome');
  });

  it('follows links and Patient.link transitively, for $everything and the policy engine', async () => {
    const family = surname();
    const a = await person('Ivy', family, '1950-05-05');
    const b = await person('Ivy', family, '1950-05-05');
    const c3 = await person('Ivy', family, '1950-05-05', { link: [{ other: ref(b), type: 'seealso' }] });
    await c.post(`Patient/${a}/$link`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'other', valueReference: ref(b) }],
    });
    expect(await linkIds(a)).toEqual([a, ...[b, c3].sort()]);
    expect(await linkIds(c3)).toEqual([c3, ...[a, b].sort()]);
    expect(await everythingIds(c3)).toEqual(expect.arrayContaining([a, b, c3]));
  });
});

describe('the background linker', () => {
  it('links certain matches, queues grey-zone pairs once, never joins different NHS numbers', async () => {
    const family = surname();
    const nhs = '9991004114';
    const gp = await person('Harriet', family, '1982-07-19', {
      identifier: [{ system: NHS, value: nhs }],
      address: [{ line: ['3 Mill Street'], postalCode: 'LS2 9JT' }],
    });
    const hospital = await person('Hattie', family, '1982-07-19', {
      identifier: [
        { system: NHS, value: nhs },
        { system: 'urn:test:mrn', value: uid() },
      ],
    });
    // No identifier and a different given name spelling: held for a person to look at.
    const pharmacy = await person('Harriett', family, '1982-07-19', {
      address: [{ line: ['3 Mill St'], postalCode: 'LS2 9JT' }],
    });
    // A twin: same surname, birth date and address, own NHS number.
    const twin = await person('Harriet', family, '1982-07-19', {
      identifier: [{ system: NHS, value: '9991006850' }],
      address: [{ line: ['3 Mill Street'], postalCode: 'LS2 9JT' }],
    });

    const progress = await drain();
    expect(progress.processed).toBeGreaterThanOrEqual(4);
    expect(await linkIds(gp)).toEqual([gp, hospital]);
    expect(await linkIds(twin)).toEqual([twin]);
    const links = (await c.get(`Patient/${gp}/$links`))
      .json()
      .parameter.filter((p: Json) => p.name === 'link');
    expect(links[0].part).toEqual(expect.arrayContaining([{ name: 'kind', valueCode: 'auto' }]));

    const tasks = [
      ...(await reviewTasks(pharmacy)),
      ...(await reviewTasks(gp)),
      ...(await reviewTasks(hospital)),
    ];
    const pairs = tasks.map((task) =>
      [task.focus.reference, task.input[0].valueReference.reference].sort().join(' '),
    );
    expect(pairs.some((p) => p.includes(`Patient/${pharmacy}`))).toBe(true);
    expect(pairs.some((p) => p.includes(`Patient/${twin}`) && p.includes(`Patient/${gp}`))).toBe(false);
    for (const task of tasks) {
      expect(task.status).toBe('requested');
      expect(task.intent).toBe('proposal');
    }

    // Touching the records again opens no second Task for the same pair.
    const current = (await c.get(`Patient/${pharmacy}`)).json();
    expect((await c.put(`Patient/${pharmacy}`, { ...current, gender: 'female', active: true })).status).toBe(
      200,
    );
    await drain();
    const again = [
      ...(await reviewTasks(pharmacy)),
      ...(await reviewTasks(gp)),
      ...(await reviewTasks(hospital)),
    ];
    expect(again.length).toBe(tasks.length);
  });

  it('finds an earlier record without an NHS number from a later record that has one', async () => {
    const family = surname();
    const first = await person('Priya', family, '1994-09-21', { address: [{ postalCode: 'BS1 4DJ' }] });
    await drain();
    const later = await person('Priya', family, '1994-09-21', {
      identifier: [{ system: NHS, value: '9991009590' }],
      address: [{ postalCode: 'BS8 1TH' }],
    });
    await drain();
    const linked = (await linkIds(later)).includes(first);
    const queued = [...(await reviewTasks(first)), ...(await reviewTasks(later))].length > 0;
    expect(linked || queued).toBe(true);
  });

  it('a reviewer resolves the queue: link joins the records, not-link is never proposed again', async () => {
    const family = surname();
    const a = await person('Rosalind', family, '1971-03-30', { address: [{ postalCode: 'CF10 1AA' }] });
    const b = await person('Rosalyn', family, '1971-03-30', { address: [{ postalCode: 'CF10 1AA' }] });
    const x = await person('Bethan', family, '1999-12-01', { address: [{ postalCode: 'CF11 9XX' }] });
    const y = await person('Bethany', family, '1999-12-01', { address: [{ postalCode: 'CF11 9XX' }] });
    await drain();
    const taskFor = async (p: string, q: string) =>
      [...(await reviewTasks(p)), ...(await reviewTasks(q))].find(
        (task) =>
          [task.focus.reference, task.input[0].valueReference.reference].sort().join() ===
          [`Patient/${p}`, `Patient/${q}`].sort().join(),
      );
    const ab = await taskFor(a, b);
    const xy = await taskFor(x, y);
    expect(ab).toBeDefined();
    expect(xy).toBeDefined();

    const resolve = (task: Json, decision: string, reason: string) =>
      c.post(`Task/${task.id}/$resolve-link-review`, {
        resourceType: 'Parameters',
        parameter: [
          { name: 'decision', valueCode: decision },
          { name: 'reason', valueString: reason },
        ],
      });
    const linked = await resolve(ab!, 'link', 'same address history');
    expect(linked.status).toBe(200);
    const done = linked.json().parameter[0].resource;
    expect(done.status).toBe('completed');
    expect(done.output[0].valueCode).toBe('link');
    expect(await linkIds(a)).toEqual([a, b]);

    expect((await resolve(xy!, 'not-link', 'mother and daughter')).status).toBe(200);
    expect((await resolve(xy!, 'link', 'changed my mind')).status).toBe(422);
    expect((await resolve(ab!, 'maybe', '')).status).toBe(400);
    expect(await linkIds(x)).toEqual([x]);

    // Re-registering one of them does not bring the pair back to the queue.
    const current = (await c.get(`Patient/${y}`)).json();
    await c.put(`Patient/${y}`, { ...current, telecom: [{ system: 'phone', value: '029 2018 0000' }] });
    await drain();
    const open = [...(await reviewTasks(x)), ...(await reviewTasks(y))].filter(
      (task) => task.status === 'requested',
    );
    expect(open).toEqual([]);
  });
});
