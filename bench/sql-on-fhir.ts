/**
 * SQL-on-FHIR view throughput: one typical Observation view, compiled to a single PostgreSQL query and
 * run in the database, against the in-memory runner over the same resources.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/sql-on-fhir.js [options]
 *
 * Data: the Synthea shard ../shared/data/synthea/bundles-000.ndjson.gz when present (the entries of each
 * transaction Bundle written as they are, ids kept), else synthetic Patients and Observations.
 * Database: embedded PGlite, or a fresh database on the server DATABASE_URL names (created and dropped).
 */
import { existsSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { compileViewToSql, createViewRunner, queryView } from '../src/analytics/index.js';
import { findProjectRoot } from '../src/definitions/index.js';
import type { FhirResource } from '../src/fhir/index.js';
import { openStore } from '../src/store/index.js';
import type { OpenedStore } from '../src/store/index.js';
import { freshDatabase } from './fresh-database.js';
import { OBSERVATION_VIEW } from './observation-view.js';

const HELP = `Usage: node dist/bench/sql-on-fhir.js [options]

Options:
  --data FILE[,FILE…]  gzip NDJSON of transaction Bundles (default ../shared/data/synthea/bundles-000.ndjson.gz)
  --synthetic N        use N synthetic Observations (over N/20 Patients) instead of Synthea data
  --runs N             timed runs of each path; the best is reported (default 3)
  -h, --help           this text
Set DATABASE_URL to measure a PostgreSQL server (a fresh database is created and dropped) instead of PGlite.
`;

const BATCH = 500;

const log = (text: string) => process.stderr.write(`sql-on-fhir bench: ${text}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

async function* synthea(files: string[]): AsyncGenerator<FhirResource> {
  for (const file of files) {
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const bundle = JSON.parse(line) as { entry?: { resource?: FhirResource }[] };
      for (const e of bundle.entry ?? []) if (e.resource?.id) yield e.resource;
    }
  }
}

function* synthetic(count: number): Generator<FhirResource> {
  const patients = Math.max(1, Math.ceil(count / 20));
  for (let p = 0; p < patients; p++) {
    yield {
      resourceType: 'Patient',
      id: `bench-p${p}`,
      gender: p % 2 ? 'female' : 'male',
      birthDate: '1970-01-01',
    };
  }
  const codes = [
    ['8302-2', 'Body Height', 'cm', 170],
    ['29463-7', 'Body Weight', 'kg', 70],
    ['8867-4', 'Heart rate', '/min', 72],
    ['2339-0', 'Glucose', 'mg/dL', 95],
  ] as const;
  for (let i = 0; i < count; i++) {
    const [code, display, unit, base] = codes[i % codes.length]!;
    yield {
      resourceType: 'Observation',
      id: `bench-o${i}`,
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
      subject: { reference: `Patient/bench-p${i % patients}` },
      effectiveDateTime: `2020-${String((i % 12) + 1).padStart(2, '0')}-15T10:30:00+00:00`,
      issued: '2020-06-15T10:30:00.000+00:00',
      valueQuantity: { value: base + (i % 17), unit, system: 'http://unitsofmeasure.org', code: unit },
    };
  }
}

/** Writes in batches; a batch holds each resource once (Synthea repeats Organizations across bundles). */
async function load(opened: OpenedStore, source: AsyncIterable<FhirResource> | Iterable<FhirResource>) {
  const observations: FhirResource[] = [];
  let batch = new Map<string, FhirResource & { id: string }>();
  let written = 0;
  const flush = async () => {
    if (batch.size === 0) return;
    await opened.store.write([...batch.values()].map((resource) => ({ op: 'update' as const, resource })));
    written += batch.size;
    batch = new Map();
  };
  const started = performance.now();
  for await (const r of source) {
    if (r.resourceType === 'Observation') observations.push(r);
    batch.set(`${r.resourceType}/${r.id}`, r as FhirResource & { id: string });
    if (batch.size >= BATCH) await flush();
  }
  await flush();
  return { written, observations, ms: performance.now() - started };
}

async function best(runs: number, fn: () => Promise<number>): Promise<{ rows: number; ms: number }> {
  let result = { rows: 0, ms: Infinity };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const rows = await fn();
    const ms = performance.now() - started;
    if (ms < result.ms) result = { rows, ms };
  }
  return result;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      data: { type: 'string' },
      synthetic: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100)
    throw new Error('--runs must be a whole number from 1 to 100');
  const defaultShard = join(
    findProjectRoot(import.meta.url),
    '..',
    'shared',
    'data',
    'synthea',
    'bundles-000.ndjson.gz',
  );
  const files = values.data ? values.data.split(',') : existsSync(defaultShard) ? [defaultShard] : [];
  const syntheticCount = values.synthetic ? Number(values.synthetic) : files.length === 0 ? 50_000 : 0;
  if (!Number.isInteger(syntheticCount) || syntheticCount < 0)
    throw new Error('--synthetic must be a whole number');

  const url = process.env.DATABASE_URL;
  const fresh = url ? await freshDatabase('postgres', 'sof', url) : undefined;
  const opened = await openStore(
    fresh?.env.DATABASE_URL ? { kind: 'pg', connectionString: fresh.env.DATABASE_URL } : { kind: 'pglite' },
  );
  try {
    const source = syntheticCount > 0 ? synthetic(syntheticCount) : synthea(files);
    log(
      `loading ${syntheticCount > 0 ? `${fmt(syntheticCount)} synthetic Observations` : files.join(', ')} into ${url ? 'PostgreSQL' : 'PGlite'}…`,
    );
    const loaded = await load(opened, source);
    log(
      `${fmt(loaded.written)} resources written in ${(loaded.ms / 1000).toFixed(1)} s (${fmt((loaded.written * 1000) / loaded.ms)}/s)`,
    );

    const compiled = compileViewToSql(OBSERVATION_VIEW);
    const sql = await best(
      runs,
      async () => (await opened.driver.query(compiled.sql, compiled.params)).rows.length,
    );
    const json = await best(runs, async () => (await queryView(opened.driver, OBSERVATION_VIEW)).rows.length);

    const runner = createViewRunner(OBSERVATION_VIEW);
    const memory = await best(runs, async () => {
      let n = 0;
      for (const _row of runner.run(loaded.observations)) n++;
      return n;
    });
    // The in-memory runner over the store: read the content, parse it, run the view in Node.
    const scan = await best(runs, async () => {
      const r = await opened.driver.query<{ content: string }>(
        'SELECT content FROM resource WHERE resource_type = $1 AND NOT deleted',
        ['Observation'],
      );
      let n = 0;
      for (const _row of runner.run(r.rows.map((x) => JSON.parse(x.content) as FhirResource))) n++;
      return n;
    });
    if (new Set([sql.rows, json.rows, memory.rows, scan.rows]).size !== 1) {
      throw new Error(
        `row counts differ: SQL ${sql.rows}/${json.rows}, in-memory ${memory.rows}/${scan.rows}`,
      );
    }
    const line = (label: string, r: { rows: number; ms: number }) =>
      `${label.padEnd(42)} ${fmt(r.rows).padStart(8)} rows  ${r.ms.toFixed(0).padStart(6)} ms  ${fmt((r.rows * 1000) / r.ms).padStart(9)} rows/s`;
    process.stdout.write(
      [
        `SQL-on-FHIR view "${OBSERVATION_VIEW.name}" over ${fmt(loaded.observations.length)} Observations (${url ? 'PostgreSQL' : 'PGlite'}, best of ${runs})`,
        line('compiled to SQL, one column per field', sql),
        line('compiled to SQL, json rows (queryView)', json),
        line('in-memory runner (parsed resources)', memory),
        line('in-memory runner (read + parse + run)', scan),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await opened.store.close();
    await fresh?.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sql-on-fhir bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
