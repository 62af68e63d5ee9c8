import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPrincipal } from '../src/auth/index.js';
import type { Principal } from '../src/auth/index.js';
import { loadPatientCompartment } from '../src/definitions/index.js';
import { generateDemoData, loadDemoData } from '../src/demo/index.js';
import { createValidator, loadR4Definitions } from '../src/fhir/validation/index.js';
import { createServiceFor } from '../src/main.js';
import { createFhirService } from '../src/rest/index.js';
import type { FhirRequest, FhirService } from '../src/rest/index.js';
import { openStore } from '../src/store/index.js';
import { freshDatabase } from './fresh-database.js';
import { intOptions } from './int-options.js';
import { percentiles } from './latency-stats.js';

/**
 * What the access guard costs: the same reads and searches, on the same store, through the bare
 * service and through the guarded one (policy compiled into each query, and an AuditEvent written
 * before each answer), as Heartwood itself and as a GP who sees only their practice's patients.
 * In process, so HTTP and JSON parsing of requests do not dilute the difference.
 *
 *   node dist/bench/policy-cost.js [--patients N] [--seconds S] [--concurrency C]
 * DATABASE_URL set: a fresh database on that PostgreSQL server; otherwise PGlite.
 */

interface Options {
  patients: number;
  seconds: number;
  concurrency: number;
}

function options(argv: string[]): Options {
  return intOptions(argv, { patients: 300, seconds: 10, concurrency: 16 });
}

async function load(
  service: FhirService,
  principal: Principal,
  requests: FhirRequest[],
  o: Options,
): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const warmEnd = performance.now() + 1000;
  const end = warmEnd + o.seconds * 1000;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      const r = await service
        .handle({ ...requests[next++ % requests.length]! }, { principal })
        .catch(() => ({ status: 0 }));
      if (t0 >= warmEnd) {
        latencies.push(performance.now() - t0);
        if (r.status !== 200) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const [p50, p99] = percentiles(latencies, [50, 99]) as [number, number];
  return { perSecond: latencies.length / o.seconds, p50, p99, errors };
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const db = await freshDatabase(kind, 'policy', process.env.DATABASE_URL);
  const scratch = await mkdtemp(join(tmpdir(), 'heartwood-policy-'));
  const opened = await openStore(
    db.env.DATABASE_URL
      ? { kind: 'pg', connectionString: db.env.DATABASE_URL, poolSize: 20 }
      : { kind: 'pglite', dataDir: db.env.HEARTWOOD_DATA },
  );
  try {
    const guarded = createServiceFor(opened, 'http://bench/fhir');
    const model = loadR4Definitions();
    const bare = createFhirService({
      store: opened.store,
      validator: createValidator(model),
      model,
      registry: opened.registry,
      patientCompartment: loadPatientCompartment(),
      baseUrl: 'http://bench/fhir',
    });
    const data = generateDemoData({ patients: o.patients });
    const loaded = await loadDemoData({ service: guarded }, data);
    console.log(`${kind}: loaded ${loaded.resources} resources for ${o.patients} patients`);

    // A GP at the first practice, and reads of their own patients' observations and records.
    const practiceOds = data.patients[0]!.practiceOdsCode;
    const own = data.patients.filter((p) => p.practiceOdsCode === practiceOds).map((p) => p.id);
    const practiceSearch = await bare.handle({
      method: 'GET',
      url: `Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|${practiceOds}`,
    });
    const practiceId = (JSON.parse(practiceSearch.body!) as { entry: { resource: { id: string } }[] })
      .entry[0]!.resource.id;
    const gp: Principal = {
      subject: 'bench-gp',
      role: 'gp',
      name: 'Dr Bench',
      organization: practiceId,
      person: 'Practitioner/bench-gp',
      scopes: [{ context: 'user', resourceType: '*', permissions: new Set(['r', 's']) }],
    };
    const obsIds: string[] = [];
    for (const id of own) {
      const r = await bare.handle({
        method: 'GET',
        url: `Observation?subject=Patient/${id}&_count=20&_elements=id`,
      });
      for (const e of (JSON.parse(r.body!) as { entry?: { resource: { id: string } }[] }).entry ?? [])
        obsIds.push(e.resource.id);
    }
    const reads: FhirRequest[] = obsIds.map((id) => ({ method: 'GET', url: `Observation/${id}` }));
    const searches: FhirRequest[] = own.map((id) => ({
      method: 'GET',
      url: `Observation?subject=Patient/${id}&_count=50`,
    }));
    console.log(`${own.length} patients at the GP's practice, ${reads.length} observations to read`);

    const rows: string[] = [];
    for (const [label, requests] of [
      ['read by id', reads],
      ['search (patient observations, page of 50)', searches],
    ] as const) {
      const base = await load(bare, systemPrincipal(), requests, o);
      const system = await load(guarded, systemPrincipal(), requests, o);
      const asGp = await load(guarded, gp, requests, o);
      const cost = (x: { perSecond: number }) => `${((1 - x.perSecond / base.perSecond) * 100).toFixed(1)} %`;
      const line = (who: string, x: typeof base, c: string) =>
        `| ${label} | ${who} | ${x.perSecond.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | ${c} | ${x.errors} |`;
      rows.push(line('no guard (baseline)', base, '—'));
      rows.push(line('guarded, Heartwood itself (audit only)', system, cost(system)));
      rows.push(line('guarded, GP (policy + audit)', asGp, cost(asGp)));
    }
    console.log(
      `\n${kind}, ${o.concurrency} concurrent callers, ${o.seconds} s each, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log('| interaction | caller | per second | p50 ms | p99 ms | slower than baseline | errors |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
    return 0;
  } finally {
    await opened.store.close();
    await db.drop();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message);
    process.exit(1);
  },
);
