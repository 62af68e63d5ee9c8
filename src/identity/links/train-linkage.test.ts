import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { OpenedStore } from '../../store/index.js';
import { priorModel } from '../fellegi-sunter.js';
import { loadLinkageModel } from './linkage-model-store.js';
import { storedLinkerSource } from './stored-linker.js';
import { trainLinkageModel } from './train-linkage.js';

const GIVEN = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mia',
  'Oliver',
  'George',
  'Harry',
  'Noah',
  'Jack',
  'Leo',
  'Arthur',
];
const FAMILY = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Evans',
];

/** A small population with one noisy duplicate for every third person, from a fixed seed. */
function population(size: number) {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const out: { resourceType: string; id: string; [k: string]: unknown }[] = [];
  for (let i = 0; i < size; i++) {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const birthDate = `19${String(40 + Math.floor(next() * 60))}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
    const postalCode = `LS${1 + Math.floor(next() * 20)} ${Math.floor(next() * 9)}AB`;
    const base = { resourceType: 'Patient', gender: next() < 0.5 ? 'male' : 'female', birthDate };
    out.push({ ...base, id: `p${i}`, name: [{ family, given: [given] }], address: [{ postalCode }] });
    if (i % 3 === 0)
      out.push({
        ...base,
        id: `p${i}-dup`,
        name: [{ family: next() < 0.3 ? `${family.slice(0, -1)}e` : family, given: [given] }],
        address: [{ postalCode: next() < 0.5 ? postalCode : 'M1 1AA' }],
      });
  }
  return out;
}

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openStore({ kind: 'pglite' });
  await opened.store.write(population(600).map((resource) => ({ op: 'create' as const, resource })));
});
afterAll(() => opened.store.close());

describe('trainLinkageModel', () => {
  it('fits the model to the stored Patients, stores it, and the stored linker uses it', async () => {
    const source = storedLinkerSource();
    const before = await opened.store.withExecutor((exec) => source.linker(exec));
    expect(before.model).toEqual(priorModel());
    expect(await opened.store.withExecutor(loadLinkageModel)).toBeUndefined();

    const result = await opened.store.withExecutor((exec) =>
      trainLinkageModel(exec, { createdBy: 'Device/test' }),
    );
    expect(result.read).toBe(800);
    expect(result.sampled).toBe(800);
    expect(result.candidatePairs).toBeGreaterThan(200);
    expect(result.model).not.toEqual(priorModel());

    const stored = await opened.store.withExecutor(loadLinkageModel);
    expect(stored?.modelId).toBe(result.modelId);
    expect(stored?.createdBy).toBe('Device/test');
    const after = await opened.store.withExecutor((exec) => source.linker(exec));
    expect(after.model).toEqual(result.model);
  });

  it('samples whole birth dates when the store holds more than the limit', async () => {
    const result = await opened.store.withExecutor((exec) => trainLinkageModel(exec, { maxRecords: 300 }));
    expect(result.read).toBe(800);
    expect(result.sampled).toBeLessThanOrEqual(300);
    expect(result.sampled).toBeGreaterThan(100);
  });
});
