import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { OpenedStore } from '../store/index.js';
import { drainPatientLinker } from './patient-linker.js';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openStore({ kind: 'pglite' });
});
afterAll(() => opened.store.close());

describe('drainPatientLinker', () => {
  it('reads every Patient once, in write order, across sequence numbers of different lengths', async () => {
    // A fresh store numbers versions from 1, so these 25 cross from one digit to two.
    await opened.store.write(
      Array.from({ length: 25 }, (_, i) => ({
        op: 'create' as const,
        resource: {
          resourceType: 'Patient',
          id: `p${i}`,
          name: [{ family: `Fam${String.fromCharCode(97 + i)}x`, given: ['Sam'] }],
          birthDate: `19${10 + i}-02-03`,
        },
      })),
    );
    const progress = await drainPatientLinker(opened, { batchSize: 3 });
    expect(progress.processed).toBe(25);
    expect((await drainPatientLinker(opened)).processed).toBe(0);
  });
});
