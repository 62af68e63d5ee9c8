import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemPrincipal } from '../src/auth/index.js';
import type { Principal } from '../src/auth/index.js';
import { generateDemoData, loadDemoData } from '../src/demo/index.js';
import type { FhirRequest, FhirService } from '../src/rest/index.js';
import { openStore } from '../src/store/index.js';
import { cpuBetween, readCpu } from './cpu-meter.js';
import type { CpuReading } from './cpu-meter.js';
import { freshDatabase } from './fresh-database.js';
import { benchGp, guardServices } from './guard-services.js';
import { keepAliveAgent, request as httpRequest } from './http-client.js';
import { intOptions } from './int-options.js';
import { percentiles } from './latency-stats.js';
import { runBench } from './run-bench.js';

/**
 * What the access guard costs: the same reads and searches, on the same store, through the bare
 * service and through the guarded one (policy compiled into each query, and an AuditEvent written
 * before each answer), as Heartwood itself and as a GP who sees only their practice's patients.
 * In process, so HTTP and JSON parsing of requests do not dilute the difference; with `--http`, over
 * HTTP to a server process of its own serving each caller on a port (PostgreSQL only), which is the
 * throughput a client of the server sees.
 *
 *   node dist/bench/policy-cost.js [--patients N] [--seconds S] [--concurrency C] [--rounds R]
 *     [--only read|search] [--callers bare,system,gp] [--http]
 * DATABASE_URL set: a fresh database on that PostgreSQL server; otherwise PGlite. `--rounds` repeats
 * the measurements one after another on the same data (each caller in turn), so that a change in
 * the machine's load affects every row alike; `--only` and `--callers` leave out the others. CPU
 * time per request (this process, and the database's backends when the server runs on this
 * machine) moves much less with others' load than requests per second do.
 */

const INTERACTIONS = ['read', 'search'] as const;
const CALLERS = ['bare', 'system', 'gp'] as const;
type Interaction = (typeof INTERACTIONS)[number];
type Caller = (typeof CALLERS)[number];

interface Options {
  patients: number;
  seconds: number;
  concurrency: number;
  rounds: number;
  only: Interaction[];
  callers: Caller[];
  /** Over HTTP, to a server process of its own, instead of in process. */
  http: boolean;
}

function listOption<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] {
  if (raw === undefined) return [...allowed];
  const items = raw.split(',');
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${name} takes ${allowed.join(', ')}, not "${item}"`);
  }
  return allowed.filter((a) => items.includes(a));
}

function options(argv: string[]): Options {
  const { values, tokens } = parseArgs({
    args: argv,
    strict: false,
    tokens: true,
    options: { only: { type: 'string' }, callers: { type: 'string' }, http: { type: 'boolean' } },
  });
  const named = new Set(['only', 'callers', 'http']);
  const rest: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && named.has(t.name)) continue;
    if (t.kind === 'option') rest.push(t.rawName, ...(t.value !== undefined ? [t.value] : []));
    else if (t.kind === 'positional') rest.push(t.value);
  }
  const ints = intOptions(rest, { patients: 300, seconds: 10, concurrency: 16, rounds: 1 });
  return {
    ...ints,
    only: listOption('only', typeof values.only === 'string' ? values.only : undefined, INTERACTIONS),
    callers: listOption('callers', typeof values.callers === 'string' ? values.callers : undefined, CALLERS),
    http: values.http === true,
  };
}

/** How the benchmark reaches a service: answers a request with its status. */
type Send = (request: FhirRequest) => Promise<number>;

async function load(
  send: Send,
  requests: FhirRequest[],
  o: Options,
  cpuNow: () => Promise<CpuReading>,
): Promise<{ perSecond: number; p50: number; p99: number; errors: number; cpu: string }> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const warmEnd = performance.now() + 1000;
  const end = warmEnd + o.seconds * 1000;
  // Read when the first measured request starts, not by a timer: with PGlite every query resolves
  // without yielding to timers, so a timer would fire only after the run.
  let started: Promise<CpuReading> | undefined;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      if (t0 >= warmEnd) started ??= cpuNow();
      const status = await send({ ...requests[next++ % requests.length]! }).catch(() => 0);
      if (t0 >= warmEnd) {
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const [p50, p99] = percentiles(latencies, [50, 99]) as [number, number];
  let cpu = '—';
  if (started && latencies.length > 0) {
    const used = cpuBetween(await started, await cpuNow());
    const per = (ms: number) => (ms / latencies.length).toFixed(3);
    cpu = used.database === undefined ? per(used.process) : `${per(used.process)} + ${per(used.database)}`;
  }
  return { perSecond: latencies.length / o.seconds, p50, p99, errors, cpu };
}

/** The server process of `--http`: its pid and the port serving each caller. */
async function startServer(databaseUrl: string, practiceId: string) {
  const script = fileURLToPath(new URL('./policy-cost-server.js', import.meta.url));
  // e.g. POLICY_COST_NODE_ARGS='--cpu-prof' to profile the server alone.
  // The server's own young generation (see package.json's start script) unless told otherwise.
  const nodeArgs = (process.env.POLICY_COST_NODE_ARGS ?? '--max-semi-space-size=64')
    .split(' ')
    .filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, DATABASE_URL: databaseUrl, POLICY_COST_PRACTICE: practiceId },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ports = await new Promise<Record<Caller, number>>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as Record<Caller, number>);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before it was ready`)));
  });
  return {
    pid: child.pid!,
    ports,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
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
    const { guarded, bare } = guardServices(opened, 'http://bench/fhir');
    // PGlite runs inside this process: its CPU is already the process's own.
    const database = kind === 'postgres' ? opened.driver : undefined;
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
    const gp = benchGp(practiceId);
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

    const workloads: Record<Interaction, { label: string; requests: FhirRequest[] }> = {
      read: { label: 'read by id', requests: reads },
      search: { label: 'search (patient observations, page of 50)', requests: searches },
    };
    const who: Record<Caller, { label: string; service: FhirService; principal: Principal }> = {
      bare: { label: 'no guard (baseline)', service: bare, principal: systemPrincipal() },
      system: {
        label: 'guarded, Heartwood itself (audit only)',
        service: guarded,
        principal: systemPrincipal(),
      },
      gp: { label: 'guarded, GP (policy + audit)', service: guarded, principal: gp },
    };
    type Result = Awaited<ReturnType<typeof load>>;
    if (o.http && !db.env.DATABASE_URL) throw new Error('--http needs PostgreSQL (DATABASE_URL)');
    const server = o.http ? await startServer(db.env.DATABASE_URL!, practiceId) : undefined;
    const agent = keepAliveAgent(o.concurrency);
    const sendTo = (caller: Caller): Send => {
      if (!server) {
        const { service, principal } = who[caller];
        return async (request) => (await service.handle(request, { principal })).status;
      }
      const base = `http://127.0.0.1:${server.ports[caller]}/fhir/`;
      return async (request) => (await httpRequest(agent, 'GET', base + request.url)).status;
    };
    const cpuNow = () => readCpu(database, server?.pid);
    const rows: string[] = [];
    try {
      for (let round = 1; round <= o.rounds; round++) {
        for (const interaction of o.only) {
          const { label, requests } = workloads[interaction];
          const results = new Map<Caller, Result>();
          for (const caller of o.callers) {
            results.set(caller, await load(sendTo(caller), requests, o, cpuNow));
          }
          const base = results.get('bare');
          for (const [caller, x] of results) {
            const cost =
              base && caller !== 'bare' ? `${((1 - x.perSecond / base.perSecond) * 100).toFixed(1)} %` : '—';
            const roundLabel = o.rounds > 1 ? ` (round ${round})` : '';
            rows.push(
              `| ${label}${roundLabel} | ${who[caller].label} | ${x.perSecond.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | ${cost} | ${x.cpu} | ${x.errors} |`,
            );
          }
        }
      }
    } finally {
      agent.destroy();
      await server?.stop();
    }
    console.log(
      `\n${kind}, ${o.http ? 'over HTTP (server in a process of its own), ' : 'in process, '}${o.concurrency} concurrent ${o.http ? 'connections' : 'callers'}, ${o.seconds} s each, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log(
      `| interaction | caller | per second | p50 ms | p99 ms | slower than baseline | CPU ms per request (${o.http ? 'server process' : 'this process'} + database) | errors |`,
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
    return 0;
  } finally {
    await opened.store.close();
    await db.drop();
    await rm(scratch, { recursive: true, force: true });
  }
}

runBench(main);
