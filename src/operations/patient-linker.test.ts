import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, scratchDatabase } from '../store/index.js';
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

// Transactions overlap only on a server: PGlite has one connection.
describe.skipIf(!process.env.TEST_DATABASE_URL)('drainPatientLinker on PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: OpenedStore;
  beforeAll(async () => {
    scratch = await scratchDatabase(process.env.TEST_DATABASE_URL!, 'linker');
    db = await openStore({ kind: 'pg', connectionString: scratch.url, poolSize: 4 });
  });
  afterAll(async () => {
    await db.store.close();
    await scratch.drop();
  });

  it('waits for a Patient that took a lower number but commits later, and links it', async () => {
    const patient = (id: string) => ({
      op: 'create' as const,
      resource: {
        resourceType: 'Patient',
        id,
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991000011' }],
        name: [{ family: 'Adeyemi', given: ['Tola'] }],
        birthDate: '1971-03-09',
      },
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const lateWrote = new Promise<void>((resolve) => (wrote = resolve));
    const late = db.store.transaction(async (store) => {
      await store.write([patient('late-1')]);
      wrote();
      await held;
    });
    await lateWrote;
    // A higher number, committed first.
    await db.store.write([patient('early-2')]);
    const drain = drainPatientLinker(db);
    // The linker must wait for the open transaction instead of passing its number by.
    let waiting = false;
    for (let i = 0; i < 500 && !waiting; i++) {
      const r = await db.driver.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE resource%'`,
      );
      waiting = r.rows[0]!.n !== '0';
      if (!waiting) await Promise.race([drain, sleep(20)]);
    }
    release();
    await late;
    await drain;
    await drainPatientLinker(db);
    expect(waiting).toBe(true);
    const linked = await db.store.withExecutor((exec) => linkedPatientIds(exec, 'late-1'));
    expect([...linked].sort()).toEqual(['early-2', 'late-1']);
  });

  it('in the background, gives way to a long write instead of holding new writes back behind it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const longWrote = new Promise<void>((resolve) => (wrote = resolve));
    const long = db.store.transaction(async (store) => {
      await store.write([{ op: 'create', resource: { resourceType: 'Patient', id: 'long-1' } }]);
      wrote();
      await held;
    });
    await longWrote;
    expect(await drainPatientLinker(db, { settleWaitMs: 50 })).toEqual({
      processed: 0,
      linked: 0,
      reviews: 0,
    });
    release();
    await long;
    expect((await drainPatientLinker(db, { settleWaitMs: 50 })).processed).toBeGreaterThan(0);
  });
});
