/**
 * Audit log figures: `record()` throughput with 32 concurrent callers (group commit), `verify`
 * throughput, and the first page of one patient's accesses ("who accessed my record"). Runs on PGlite (on disk, as the server uses it) and, when
 * DATABASE_URL is set, on a fresh database of that PostgreSQL server.
 *
 *   node dist/bench/audit.js [--records N] [--population N]
 */
import { parseArgs } from 'node:util';
import { createAuditLog } from '../src/audit/index.js';
import type { AuditRecord } from '../src/audit/index.js';
import type { Principal } from '../src/auth/index.js';
import { openStore } from '../src/store/index.js';
import type { SqlDriver } from '../src/store/index.js';
import { freshDatabase } from './fresh-database.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const log = (text: string) => process.stderr.write(`bench audit: ${text}\n`);

const clinician: Principal = {
  subject: 'idp|bench',
  role: 'clinician',
  name: 'Dr Bench Mark',
  person: 'Practitioner/bench',
  organization: 'rgt',
  organizationName: 'Riverside General',
  scopes: [],
  address: '10.0.0.1',
};

function read(n: number, patient: string): AuditRecord {
  return {
    action: 'R',
    subtype: 'read',
    outcome: '0',
    principal: clinician,
    patients: [patient],
    entities: [`Observation/obs-${n}/_history/1`],
    query: `GET Observation/obs-${n}`,
    purposeOfUse: 'TREAT',
  };
}

async function concurrentRecord(driver: SqlDriver, total: number, callers: number): Promise<number> {
  const audit = createAuditLog({ driver });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let n = next++; n < total; n = next++) await audit.record([read(n, `p${n % 1000}`)]);
    }),
  );
  return (total * 1000) / (performance.now() - started);
}

/** Median of `runs` timings of `fn`, in milliseconds. */
async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function measure(label: string, driver: SqlDriver, records: number, population: number) {
  log(`${label}: record(), 32 concurrent callers, ${fmt(records)} records`);
  const warm = await concurrentRecord(driver, Math.min(2000, records), 32);
  log(`${label}: warm-up ${fmt(warm)} records/s`);
  const concurrent = await concurrentRecord(driver, records, 32);
  const single = await concurrentRecord(driver, Math.min(2000, records), 1);
  log(`${label}: ${fmt(concurrent)} records/s (32 callers), ${fmt(single)} records/s (one caller)`);

  // A population for the lookups: 1,000 ordinary patients and one with 5 % of all accesses.
  // Batches of 64, the size reads' blocks have under load, so lookups open blocks as they would be.
  const BLOCK = 64;
  const filler = createAuditLog({ driver });
  const have = Number(
    (await driver.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_record')).rows[0]!.n,
  );
  for (let n = have; n < population; n += BLOCK) {
    const size = Math.min(BLOCK, population - n);
    await filler.record(
      Array.from({ length: size }, (_, i) => read(n + i, (n + i) % 20 === 0 ? 'hot' : `p${(n + i) % 1000}`)),
    );
    if (Math.floor((n + size) / 50_000) > Math.floor(n / 50_000))
      log(`${label}: population ${fmt(n + size)}`);
  }
  const verifyStart = performance.now();
  const report = await filler.verify();
  const verifyRate = (report.checked * 1000) / (performance.now() - verifyStart);
  log(`${label}: verify ${fmt(report.checked)} records, ${fmt(verifyRate)} records/s, ok=${report.ok}`);

  // "Who accessed my record": the first page of 50, as the API serves it (rows and blocks together).
  await driver.query('ANALYZE audit_block');
  await driver.query('ANALYZE audit_block_key');
  const lookups: Record<string, number> = {};
  for (const p of ['hot', 'p7']) lookups[p] = await median(21, () => filler.accessesFor(p, { count: 50 }));
  log(`${label}: first page of 50 (ms): ${JSON.stringify(lookups)}`);
  return { label, concurrent, single, verifyRate, checked: report.checked, lookups };
}

async function main() {
  const { values } = parseArgs({
    options: { records: { type: 'string' }, population: { type: 'string' } },
  });
  const records = Number(values.records ?? 20_000);
  const population = Number(values.population ?? 200_000);
  const results = [];
  const kinds: ('pglite' | 'postgres')[] = [
    'pglite',
    ...(process.env.DATABASE_URL ? ['postgres' as const] : []),
  ];
  for (const kind of kinds) {
    const db = await freshDatabase(kind, 'audit', process.env.DATABASE_URL);
    const { driver } = await openStore(
      kind === 'pglite'
        ? { kind: 'pglite', dataDir: db.env.HEARTWOOD_DATA! }
        : { kind: 'pg', connectionString: db.env.DATABASE_URL!, poolSize: 10 },
    );
    try {
      results.push(await measure(kind === 'pglite' ? 'PGlite' : 'PostgreSQL', driver, records, population));
    } finally {
      await driver.close();
      await db.drop();
    }
  }
  const ms = (n: number | undefined) => (n === undefined ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(0));
  process.stdout.write(
    [
      '| database | record(), 32 callers | record(), 1 caller | verify | first page (50) of the accesses of a patient with 5 % of them | … of a patient with 0.1 % |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.label} | ${fmt(r.concurrent)} records/s | ${fmt(r.single)} records/s | ${fmt(r.verifyRate)} records/s (${fmt(r.checked)}) | ${ms(r.lookups.hot)} ms | ${ms(r.lookups.p7)} ms |`,
      ),
    ].join('\n') + '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench audit: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
