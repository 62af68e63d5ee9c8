import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClient, uid } from '../support/fhir-client.js';
import { bearer, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

async function createPatient(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await c.post('Patient', {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:test:mrn', value: uid() }],
    name: [{ family: 'Okafor', given: ['Chidi'] }],
    birthDate: '1975-02-14',
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.json().id as string;
}

const ref = (id: string) => ({ reference: `Patient/${id}` });
const merge = (source: string, target: string, reason = 'duplicate registration') =>
  c.post('Patient/$merge', {
    resourceType: 'Parameters',
    parameter: [
      { name: 'source-patient', valueReference: ref(source) },
      { name: 'target-patient', valueReference: ref(target) },
      { name: 'reason', valueString: reason },
    ],
  });
const unmerge = (source: string, reason = 'merged in error') =>
  c.post('Patient/$unmerge', {
    resourceType: 'Parameters',
    parameter: [
      { name: 'source-patient', valueReference: ref(source) },
      { name: 'reason', valueString: reason },
    ],
  });
const part = (params: { parameter: { name: string }[] }, name: string) =>
  params.parameter.find((p) => p.name === name) as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Patient/$merge and $unmerge', () => {
  it('merges without moving data: source inactive and replaced-by, target replaces, $everything spans both', async () => {
    const source = await createPatient({
      active: true,
      telecom: [{ system: 'phone', value: '0161 496 0000' }],
    });
    const target = await createPatient();
    const obs = await c.post('Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Weight' },
      subject: ref(source),
    });
    expect(obs.status).toBe(201);

    const r = await merge(source, target);
    expect(r.status).toBe(200);
    const out = r.json();
    expect(part(out, 'result')!.resource.id).toBe(target);
    expect(part(out, 'result')!.resource.link).toEqual([{ other: ref(source), type: 'replaces' }]);

    const s = (await c.get(`Patient/${source}`)).json();
    expect(s.active).toBe(false);
    expect(s.link).toEqual([{ other: ref(target), type: 'replaced-by' }]);
    expect(s.meta.versionId).toBe('2');

    // The observation stays where it was written, and the target's record includes it.
    const everything = (await c.get(`Patient/${target}/$everything`)).json();
    const ids = everything.entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(ids).toContain(obs.json().id);
    expect(ids).toContain(source);

    const links = (await c.get(`Patient/${target}/$links`)).json();
    const link = part(links, 'link')!;
    expect(link.part).toEqual(
      expect.arrayContaining([
        { name: 'kind', valueCode: 'merge' },
        { name: 'state', valueCode: 'active' },
        { name: 'reason', valueString: 'duplicate registration' },
        { name: 'created-by', valueString: expect.stringMatching(/\S/) },
      ]),
    );
    expect(part(links, 'same-person')).toEqual({ name: 'same-person', valueReference: ref(source) });
  });

  it('unmerge restores both records exactly as new versions and ends the merge link', async () => {
    const source = await createPatient({ active: true });
    const target = await createPatient({ gender: 'male' });
    const before = {
      source: (await c.get(`Patient/${source}`)).json(),
      target: (await c.get(`Patient/${target}`)).json(),
    };
    expect((await merge(source, target)).status).toBe(200);

    const r = await unmerge(source);
    expect(r.status).toBe(200);
    const strip = (p: Record<string, unknown>) => ({ ...p, meta: undefined });
    const s = (await c.get(`Patient/${source}`)).json();
    const tg = (await c.get(`Patient/${target}`)).json();
    expect(strip(s)).toEqual(strip(before.source));
    expect(strip(tg)).toEqual(strip(before.target));
    expect(s.meta.versionId).toBe('3');
    expect(tg.meta.versionId).toBe('3');

    // History keeps the merged version; the link history keeps the ended merge.
    expect((await c.get(`Patient/${source}/_history/2`)).json().active).toBe(false);
    const links = (await c.get(`Patient/${source}/$links`)).json();
    const link = part(links, 'link')!;
    expect(link.part).toEqual(
      expect.arrayContaining([
        { name: 'state', valueCode: 'ended' },
        { name: 'end-reason', valueString: 'merged in error' },
      ]),
    );
    expect(part(links, 'same-person')).toBeUndefined();
    const everything = (await c.get(`Patient/${target}/$everything`)).json();
    expect(everything.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([target]);
  });

  it('unmerge keeps later corrections to a merged record, removing only what the merge added', async () => {
    const source = await createPatient();
    const target = await createPatient();
    expect((await merge(source, target)).status).toBe(200);
    const current = (await c.get(`Patient/${target}`)).json();
    const corrected = { ...current, birthDate: '1975-02-15' };
    expect((await c.put(`Patient/${target}`, corrected)).status).toBe(200);

    expect((await unmerge(source)).status).toBe(200);
    const tg = (await c.get(`Patient/${target}`)).json();
    expect(tg.birthDate).toBe('1975-02-15');
    expect(tg.link).toBeUndefined();
    const s = (await c.get(`Patient/${source}`)).json();
    expect(s.active).toBeUndefined();
    expect(s.link).toBeUndefined();
  });

  it('refuses merges that would hide a problem, as OperationOutcomes', async () => {
    const a = await createPatient({ identifier: [{ system: NHS, value: '9991000003' }] });
    const b = await createPatient({ identifier: [{ system: NHS, value: '9991001379' }] });
    const nhs = await merge(a, b);
    expect(nhs.status).toBe(422);
    expect(nhs.json().resourceType).toBe('OperationOutcome');

    const x = await createPatient();
    const y = await createPatient();
    const z = await createPatient();
    expect((await merge(x, y)).status).toBe(200);
    expect((await merge(x, z)).status).toBe(422); // already merged
    expect((await merge(z, x)).status).toBe(422); // target merged away
    expect((await merge(x, x)).status).toBe(400);
    expect((await merge(x, 'no-such-patient')).status).toBe(404);
    expect((await unmerge(z)).status).toBe(422); // never merged
    expect((await c.get('Patient/$merge')).status).toBe(405);
  });

  it('is for care staff: a patient cannot merge or link even their own records', async () => {
    const own = await createPatient();
    const other = await createPatient();
    const authorization = await bearer({ role: 'patient', patient: own, scope: 'patient/*.cruds' });
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'source-patient', valueReference: ref(other) },
        { name: 'target-patient', valueReference: ref(own) },
      ],
    };
    const r = await c.post('Patient/$merge', body, { authorization });
    expect(r.status).toBe(403);
    expect(r.json().resourceType).toBe('OperationOutcome');
    const link = await c.post(
      `Patient/${own}/$link`,
      { resourceType: 'Parameters', parameter: [{ name: 'other', valueReference: ref(other) }] },
      { authorization },
    );
    expect(link.status).toBe(403);
  });
});
