import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { OpenedStore } from '../store/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { linkedPatientIds } from '../identity/index.js';
import { drainPatientLinker, startPatientLinker } from './patient-linker.js';

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

  it('links in the background once writes go quiet, and stops cleanly', async () => {
    const nhs = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991000003' }];
    const linker = startPatientLinker(opened, 10);
    try {
      await opened.store.write(
        ['gp-1', 'hosp-1'].map((id) => ({
          op: 'create' as const,
          resource: {
            resourceType: 'Patient',
            id,
            identifier: nhs,
            name: [{ family: 'Okonjo', given: ['Ada'] }],
            birthDate: '1966-06-16',
          },
        })),
      );
      // Waits for the worker, however slow the machine; the assertion does not depend on time.
      let ids: string[] = [];
      for (let i = 0; i < 1000 && ids.length < 2; i++) {
        await sleep(20);
        ids = await opened.store.withExecutor((exec) => linkedPatientIds(exec, 'gp-1'));
      }
      expect(ids).toEqual(['gp-1', 'hosp-1']);
    } finally {
      await linker.stop();
    }
  });
});
