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
import { freshDatabase } from './fresh-database.js';
import { intOptions } from './int-options.js';
import { percentiles } from './latency-stats.js';

/**
 * The single patient record's feeds and its one view per person, end to end through the audited
 * service: HL7 v2 messages over MLLP (ACK only after the message is stored), and `$everything` for
 * Synthea patients.
 *
 *   node dist/bench/feeds.js [--bundles N] [--seconds S] [--connections C] [--mllp-only]
 * DATABASE_URL set: a fresh database on that PostgreSQL server; otherwise PGlite. `--mllp-only` skips
 * the `$everything` part (loading Synthea bundles takes longer than the MLLP run itself).
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

/** One MLLP client sending messages one after another (each waits for its ACK), for `seconds`. */
async function mllpClient(port: number, messages: Buffer[], offset: number, end: number) {
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
    const t0 = performance.now();
    const ack = await new Promise<string>((resolve) => {
      waiting = resolve;
      socket.write(frame(messages[i % messages.length]!));
    });
    latencies.push(performance.now() - t0);
    if (/\rMSA\|AA\|/.test(ack)) accepted++;
  }
  socket.end();
  return { latencies, accepted };
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const root = findProjectRoot(import.meta.url);
  const db = await freshDatabase(kind, 'feeds', process.env.DATABASE_URL);
  const opened = await openStore(
    db.env.DATABASE_URL
      ? { kind: 'pg', connectionString: db.env.DATABASE_URL, poolSize: 20 }
      : { kind: 'pglite', dataDir: db.env.HEARTWOOD_DATA },
  );
  const date = new Date().toISOString().slice(0, 10);
  try {
    const service = createServiceFor(opened, 'http://bench/fhir');

    // HL7 v2 over MLLP: the corpus, sent round and round by several systems at once.
    const dir = process.env.HEARTWOOD_HL7V2_DIR ?? join(root, '..', 'shared', 'data', 'hl7v2', 'messages');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.hl7')).sort();
    const messages = await Promise.all(names.map((n) => readFile(join(dir, n))));
    const server = createMllpServer({ service, driver: opened.driver, maxConnections: 256 });
    const { port } = await server.listen(0, '127.0.0.1');
    const end = performance.now() + o.seconds * 1000;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: o.connections }, (_, i) =>
        mllpClient(port, messages, i * Math.floor(messages.length / o.connections), end),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    await server.close(5000);
    const latencies = results.flatMap((r) => r.latencies);
    const [p50, p99] = percentiles(latencies, [50, 99]) as [number, number];
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    const mllpRow = `| HL7 v2 over MLLP, ${o.connections} connections, ACK after the message is stored | ${latencies.length.toLocaleString('en-GB')} messages (${names.length}-message corpus, ${accepted.toLocaleString('en-GB')} AA) | ${(latencies.length / elapsed).toFixed(0)} messages/s | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`;
    const header = [
      // The machine's load when the MLLP run ended: figures from a shared machine mean little without it.
      `\n${kind}, ${date}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      '| what | work | figure | p50 ms | p99 ms |',
      '| --- | --- | ---: | ---: | ---: |',
    ];
    if (o.mllpOnly) {
      console.log([...header, mllpRow].join('\n'));
      return 0;
    }

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

    console.log([...header, mllpRow].join('\n'));
    console.log(
      `| \`Patient/$everything\`, first page of 1,000 | ${patients.length} Synthea patients × 3, median record ${medianSize} resources | p90 ${e90.toFixed(1)} ms | ${e50.toFixed(2)} | ${e99.toFixed(2)} |`,
    );
    return 0;
  } finally {
    await opened.store.close();
    await db.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message);
    process.exit(1);
  },
);
