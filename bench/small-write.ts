import { loadavg } from 'node:os';
import type { FhirResource } from '../src/fhir/index.js';
import { openStore } from '../src/store/index.js';
import type { ResourceStore } from '../src/store/index.js';
import { cpuBetween, readCpu } from './cpu-meter.js';
import { freshDatabase } from './fresh-database.js';
import { intOptions } from './int-options.js';
import { percentiles } from './latency-stats.js';
import { countRoundTrips } from './round-trips.js';
import { runBench } from './run-bench.js';

/**
 * The store's small write transaction, the unit of an HL7 v2 message or an API write: a patient and
 * their encounter updated and a Provenance created, in one transaction, straight on the store.
 * Reports SQL round trips per transaction, latency with one writer (what a chain of transactions on
 * one patient waits for each link), and throughput and CPU per transaction with several writers on
 * different patients.
 *
 *   node dist/bench/small-write.js [--patients N] [--sequential N] [--writers W] [--seconds S]
 * DATABASE_URL set: a fresh database on that PostgreSQL server; otherwise PGlite.
 */

type Resource = FhirResource & { id: string };

const patient = (k: number, n: number): Resource => ({
  resourceType: 'Patient',
  id: `pat-${k}`,
  identifier: [
    { system: 'urn:oid:2.16.1', value: `PATID${k}`, type: { coding: [{ code: 'MR' }] } },
    { system: 'http://hl7.org/fhir/sid/us-ssn', value: `${100000000 + k}` },
  ],
  name: [{ family: 'Everyman', given: ['Adam', `N${n}`] }],
  gender: 'male',
  birthDate: '1988-08-18',
  address: [{ line: ['1000 Hospital Lane'], city: 'Ann Arbor', state: 'MI', postalCode: '99999' }],
  telecom: [{ system: 'phone', value: `555-${n}` }],
});

const encounter = (k: number, n: number): Resource => ({
  resourceType: 'Encounter',
  id: `enc-${k}`,
  identifier: [{ system: 'urn:example:visit', value: `V${k}` }],
  status: n % 2 === 0 ? 'in-progress' : 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
  subject: { reference: `Patient/pat-${k}` },
  period: { start: '2024-08-01T07:06:24Z' },
  location: [{ location: { display: `Bed ${n % 40}` } }],
});

const provenance = (k: number, n: number): Resource => ({
  resourceType: 'Provenance',
  id: `prov-${k}-${n}`,
  target: [{ reference: `Patient/pat-${k}` }, { reference: `Encounter/enc-${k}` }],
  recorded: '2024-08-01T07:06:24Z',
  agent: [{ who: { display: 'ADT feed' } }],
  entity: [{ role: 'source', what: { identifier: { value: `MSG${k}-${n}` } } }],
});

function message(store: ResourceStore, k: number, n: number) {
  return store.write([
    { op: 'update', resource: patient(k, n) },
    { op: 'update', resource: encounter(k, n) },
    { op: 'create', resource: provenance(k, n) },
  ]);
}

async function main(): Promise<number> {
  const o = intOptions(process.argv.slice(2), { patients: 200, sequential: 400, writers: 8, seconds: 5 });
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const db = await freshDatabase(kind, 'small_write', process.env.DATABASE_URL);
  const opened = await openStore(
    db.env.DATABASE_URL
      ? { kind: 'pg', connectionString: db.env.DATABASE_URL, poolSize: 20 }
      : { kind: 'pglite', dataDir: db.env.HEARTWOOD_DATA },
  );
  try {
    const { store } = opened;
    for (let k = 0; k < o.patients; k++) await message(store, k, 0);
    const trips = countRoundTrips(opened.driver);

    const times: number[] = [];
    const before = trips.count();
    for (let n = 1; n <= o.sequential; n++) {
      const t0 = performance.now();
      await message(store, n % o.patients, n);
      times.push(performance.now() - t0);
    }
    const perTransaction = (trips.count() - before) / o.sequential;
    const [p50, p90] = percentiles(times, [50, 90]) as [number, number];
    const mean = times.reduce((a, b) => a + b, 0) / times.length;

    const cpuStart = await readCpu(opened.driver);
    const end = performance.now() + o.seconds * 1000;
    const started = performance.now();
    const counts = await Promise.all(
      Array.from({ length: o.writers }, async (_, w) => {
        let done = 0;
        for (let n = o.sequential + 1; performance.now() < end; n++) {
          // Each writer keeps to its own patients, as messages about different people do.
          await message(store, (w + o.writers * n) % o.patients, n);
          done++;
        }
        return done;
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const done = counts.reduce((a, b) => a + b, 0);
    // CPU per transaction moves far less with the machine's other load than transactions per second.
    const cpu = cpuBetween(cpuStart, await readCpu(opened.driver));
    const cpuText = `CPU per transaction ${(cpu.process / done).toFixed(2)} ms here${cpu.database === undefined ? '' : `, ${(cpu.database / done).toFixed(2)} ms in the database`}`;
    console.log(
      `${kind}: ${perTransaction.toFixed(1)} round trips per transaction; one writer p50 ${p50.toFixed(2)} ms, p90 ${p90.toFixed(2)}, mean ${mean.toFixed(2)}; ${o.writers} writers ${(done / elapsed).toFixed(0)} transactions/s, ${cpuText}; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    return 0;
  } finally {
    await opened.store.close();
    await db.drop();
  }
}

runBench(main);
