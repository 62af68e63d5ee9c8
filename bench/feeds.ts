import { readFile, readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../src/definitions/index.js';
import { createMllpDecoder } from '../src/ingest/hl7v2/mllp-decoder.js';
import { createMllpServer } from '../src/ingest/hl7v2/mllp-server.js';
import { createServiceFor } from '../src/main.js';
import { openStore } from '../src/store/index.js';
import { benchFiles, rawBundles } from './bundle-source.js';
import { renumberMessage } from './feed-identifiers.js';
import { freshDatabase } from './fresh-database.js';
import type { FreshDatabase } from './fresh-database.js';
import { intOptions } from './int-options.js';
import { percentiles } from './latency-stats.js';
import { countRoundTrips } from './round-trips.js';
import { cpuBetween, readCpu } from './cpu-meter.js';
import { runBench } from './run-bench.js';

/**
 * The single patient record's feeds and its one view per person, end to end through the audited
 * service: HL7 v2 messages over MLLP (ACK only after the message is stored), and `$everything` for
 * Synthea patients.
 *
 *   node dist/bench/feeds.js [--bundles N] [--seconds S] [--connections C] [--mllp-only]
 * DATABASE_URL set: a fresh database on that PostgreSQL server; otherwise PGlite. `--mllp-only` skips
 * the `$everything` part (loading Synthea bundles takes longer than the MLLP runs themselves).
 *
 * MLLP runs twice, each on a fresh database for `seconds`: first as a feed about many patients (each
 * round of the corpus, on each connection, names new patients, visits, orders and control ids; see
 * feed-identifiers.ts), the headline figure; then the corpus replayed as it is, where 21 of the 33
 * mappable messages update one patient and so commit one after another.
 */

interface Options {
  bundles: number;
  seconds: number;
  connections: number;
  mllpOnly: boolean;
}

function options(argv: string[]): Options {
  const mllpOnly = argv.includes('--mllp-only');
  const numeric = intOptions(
    argv.filter((a) => a !== '--mllp-only'),
    { bundles: 100, seconds: 10, connections: 8 },
  );
  return { ...numeric, mllpOnly };
}

const frame = (text: Buffer) => Buffer.concat([Buffer.from([0x0b]), text, Buffer.from([0x1c, 0x0d])]);

/** Which message a client sends as its i-th: the corpus as it is, or renumbered for its round. */
type MessageSource = (i: number, connection: number) => Buffer;

/** Messages a client is expected to send at most: 2,000 a second shared by all connections. */
const PREPARED_PER_SECOND = 2000;

/**
 * The source's messages made before the run, so their making is not counted in the CPU the run
 * reports for this process (it is the senders' work, not the service's); past what was prepared,
 * messages are made as they are sent.
 */
function prepare(next: MessageSource, o: Options, offset: (connection: number) => number): MessageSource {
  const count = Math.ceil((o.seconds * PREPARED_PER_SECOND) / o.connections);
  const made = Array.from({ length: o.connections }, (_, c) =>
    Array.from({ length: count }, (_, k) => frame(next(offset(c) + k, c))),
  );
  return (i, c) => made[c]?.[i - offset(c)] ?? frame(next(i, c));
}

/**
 * One MLLP client sending messages one after another (each waits for its ACK) until `end`; `next`
 * gives them framed. The message is ready before the clock starts: its latency is the server's.
 */
async function mllpClient(
  port: number,
  next: MessageSource,
  connection: number,
  offset: number,
  end: number,
) {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = createMllpDecoder(1 << 20);
  let waiting: ((ack: string) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const e of decoder.push(chunk)) if (e.kind === 'message') waiting?.(e.bytes.toString('utf8'));
  });
  const latencies: number[] = [];
  let accepted = 0;
  for (let i = offset; performance.now() < end; i++) {
    const message = next(i, connection);
    const t0 = performance.now();
    const ack = await new Promise<string>((resolve) => {
      waiting = resolve;
      socket.write(message);
    });
    latencies.push(performance.now() - t0);
    if (/\rMSA\|AA\|/.test(ack)) accepted++;
  }
  socket.end();
  return { latencies, accepted };
}

interface MllpRun {
  messages: number;
  accepted: number;
  perSecond: number;
  p50: number;
  p99: number;
  roundTrips: number;
  /** CPU ms per message: this process's (listener, service, clients), and the database backends'. */
  cpuNode: number;
  cpuDatabase?: number;
  load: string;
}

async function runMllp(
  kind: 'pglite' | 'postgres',
  o: Options,
  corpus: Buffer[],
  next: MessageSource,
  label: string,
): Promise<MllpRun> {
  const offset = (c: number) => c * Math.floor(corpus.length / o.connections);
  const framed = prepare(next, o, offset);
  const db = await freshDatabase(kind, label, process.env.DATABASE_URL);
  const opened = await openBenchStore(db);
  try {
    const roundTrips = countRoundTrips(opened.driver);
    const service = createServiceFor(opened, 'http://bench/fhir');
    const server = createMllpServer({ service, driver: opened.driver, maxConnections: 256 });
    const { port } = await server.listen(0, '127.0.0.1');
    const cpuStart = await readCpu(opened.driver);
    const before = roundTrips.count();
    const end = performance.now() + o.seconds * 1000;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: o.connections }, (_, c) => mllpClient(port, framed, c, offset(c), end)),
    );
    const elapsed = (performance.now() - started) / 1000;
    // The machine's load when the run ended: figures from a shared machine mean little without it.
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const trips = roundTrips.count() - before;
    const cpu = cpuBetween(cpuStart, await readCpu(opened.driver));
    await server.close(5000);
    const latencies = results.flatMap((r) => r.latencies);
    const [p50, p99] = percentiles(latencies, [50, 99]) as [number, number];
    return {
      messages: latencies.length,
      accepted: results.reduce((n, r) => n + r.accepted, 0),
      perSecond: latencies.length / elapsed,
      p50,
      p99,
      roundTrips: trips / Math.max(1, latencies.length),
      cpuNode: cpu.process / Math.max(1, latencies.length),
      ...(cpu.database === undefined ? {} : { cpuDatabase: cpu.database / Math.max(1, latencies.length) }),
      load,
    };
  } finally {
    await opened.store.close();
    await db.drop();
  }
}

function openBenchStore(db: FreshDatabase) {
  return openStore(
    db.env.DATABASE_URL
      ? { kind: 'pg', connectionString: db.env.DATABASE_URL, poolSize: 20 }
      : { kind: 'pglite', dataDir: db.env.HEARTWOOD_DATA },
  );
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const root = findProjectRoot(import.meta.url);
  const date = new Date().toISOString().slice(0, 10);

  const dir = process.env.HEARTWOOD_HL7V2_DIR ?? join(root, '..', 'shared', 'data', 'hl7v2', 'messages');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.hl7')).sort();
  const corpus = await Promise.all(names.map((n) => readFile(join(dir, n))));
  const n = corpus.length;
  const feed = await runMllp(
    kind,
    o,
    corpus,
    (i, c) => renumberMessage(corpus[i % n]!, `-r${Math.floor(i / n)}-c${c}`),
    'feeds_mllp',
  );
  const replay = await runMllp(kind, o, corpus, (i) => corpus[i % n]!, 'feeds_replay');
  const row = (what: string, r: MllpRun) =>
    `| ${what}, ${o.connections} connections, ACK after storage | ${r.messages.toLocaleString('en-GB')} messages (${r.accepted.toLocaleString('en-GB')} AA), ${r.roundTrips.toFixed(1)} SQL round trips and ${r.cpuNode.toFixed(2)} ms CPU here${r.cpuDatabase === undefined ? '' : ` + ${r.cpuDatabase.toFixed(2)} ms in the database`} per message, load ${r.load} | ${r.perSecond.toFixed(0)} messages/s | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`;
  const header = [
    `\n${kind}, ${date}, ${n}-message corpus`,
    '| what | work | figure | p50 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  const mllpRows = [
    row('HL7 v2 over MLLP, new patients each round', feed),
    row('HL7 v2 over MLLP, corpus replayed as is', replay),
  ];
  if (o.mllpOnly) {
    console.log([...header, ...mllpRows].join('\n'));
    return 0;
  }

  const db = await freshDatabase(kind, 'feeds', process.env.DATABASE_URL);
  const opened = await openBenchStore(db);
  try {
    const service = createServiceFor(opened, 'http://bench/fhir');

    // $everything for Synthea patients: load, then ask for each patient's whole record.
    const files = await benchFiles(join(root, '..', 'shared', 'data', 'synthea'), false);
    let loaded = 0;
    const patients: string[] = [];
    for await (const bundle of rawBundles(files)) {
      if (loaded++ >= o.bundles) break;
      const r = await service.handle({ method: 'POST', url: '', body: JSON.parse(bundle.text) as never });
      const body = JSON.parse(r.body ?? '{}') as { entry?: { response?: { location?: string } }[] };
      const patient = body.entry
        ?.map((e) => e.response?.location ?? '')
        .find((l) => l.startsWith('Patient/'));
      if (patient) patients.push(patient.split('/')[1]!);
    }
    const times: number[] = [];
    const sizes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const id of patients) {
        const t0 = performance.now();
        const r = await service.handle({ method: 'GET', url: `Patient/${id}/$everything?_count=1000` });
        times.push(performance.now() - t0);
        if (round === 0) sizes.push((JSON.parse(r.body!) as { entry?: unknown[] }).entry?.length ?? 0);
      }
    }
    const [e50, e90, e99] = percentiles(times, [50, 90, 99]) as [number, number, number];
    const [medianSize] = percentiles(sizes, [50]) as [number];

    console.log([...header, ...mllpRows].join('\n'));
    console.log(
      `| \`Patient/$everything\`, first page of 1,000 | ${patients.length} Synthea patients × 3, median record ${medianSize} resources | p90 ${e90.toFixed(1)} ms | ${e50.toFixed(2)} | ${e99.toFixed(2)} |`,
    );
    return 0;
  } finally {
    await opened.store.close();
    await db.drop();
  }
}

runBench(main);
