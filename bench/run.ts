/**
 * `npm run bench`: ingest and read figures for Heartwood on the Synthea sample, against a real
 * server process on a fresh database. See BENCH_HELP for what is measured.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { findProjectRoot } from '../src/definitions/index.js';
import { createPrng } from '../src/demo/index.js';
import type { InputFile } from '../src/ingest/index.js';
import { BENCH_HELP, parseBenchOptions } from './bench-options.js';
import type { BenchOptions } from './bench-options.js';
import { benchFiles } from './bundle-source.js';
import { freshDatabase } from './fresh-database.js';
import type { FreshDatabase } from './fresh-database.js';
import { httpIngest } from './http-ingest.js';
import { importIngest } from './import-ingest.js';
import { keepAliveAgent, request } from './http-client.js';
import type { HttpTarget } from './http-client.js';
import { readLoad } from './read-load.js';
import { searchLoad } from './search-load.js';
import { resultsMarkdown } from './results-table.js';
import type { ResultRow } from './results-table.js';
import { startServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';
import { verifyIngest } from './verify-ingest.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const perSecond = (n: number, ms: number) => fmt((n * 1000) / Math.max(1, ms));
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Calls `fn` at most every `ms`: progress for phases that take minutes. */
function every<T>(ms: number, fn: (v: T) => void): (v: T) => void {
  let last = performance.now();
  return (v) => {
    const now = performance.now();
    if (now - last >= ms) {
      last = now;
      fn(v);
    }
  };
}

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\nRun "npm run bench -- --help" for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const o = options;
  const files = await benchFiles(o.data, o.quick);
  log(`${files.length} file(s) from ${o.data}; database ${o.db}`);

  const rows: ResultRow[] = [];
  const notes: string[] = [];
  let errors = 0;
  const databases: FreshDatabase[] = [];
  let server: ServerProcess | undefined;
  const cleanUp = async () => {
    await server?.stop();
    server = undefined;
    for (const db of databases.splice(0)) {
      await db.drop().catch((e: Error) => log(`could not drop the ${db.label} database: ${e.message}`));
    }
  };
  // Ctrl-C must not leave a server running or benchmark databases behind on a shared PostgreSQL.
  process.once('SIGINT', () => {
    log('interrupted: stopping the server and dropping the benchmark databases');
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    // 1. Ingest over HTTP into a fresh database, then read back from the same server.
    const httpDb = await freshDatabase(o.db, 'http', o.databaseUrl);
    databases.push(httpDb);
    server = await startServer(httpDb.env);
    log(`server pid ${server.pid} at ${server.base}; ingesting over HTTP, concurrency ${o.concurrency}`);
    const ingest = await httpIngest(
      server,
      files,
      o.concurrency,
      every(10_000, (r) =>
        log(
          `  ${fmt(r.bundles)} bundles, ${fmt(r.resources)} resources, ${perSecond(r.resources, r.elapsedMs)}/s`,
        ),
      ),
    );
    errors += ingest.errors;
    rows.push({
      phase: 'ingest over HTTP (POST /fhir transaction)',
      work: `${fmt(ingest.bundles)} bundles, ${fmt(ingest.resources)} resources`,
      seconds: ingest.elapsedMs / 1000,
      throughput: `${perSecond(ingest.resources, ingest.elapsedMs)} resources/s`,
      errors: ingest.errors,
    });
    log(
      `HTTP ingest: ${fmt(ingest.resources)} resources in ${(ingest.elapsedMs / 1000).toFixed(1)} s, ${ingest.errors} errors`,
    );
    for (const s of ingest.errorSamples) log(`  error: ${s}`);

    // Full text is vectorised off the write path; a full-text search catches up first, so this one
    // query times the backlog of the whole load (reads below then run without it).
    log('full-text indexing: draining the backlog of the load');
    const drain = await timedGet(server, 'Patient?_content=heartwood-bench&_count=1');
    rows.push({
      phase: 'full-text indexing backlog (_text/_content), drained after the load',
      work: `${fmt(ingest.resources)} resources`,
      seconds: drain.ms / 1000,
      throughput: `${perSecond(ingest.resources, drain.ms)} resources/s`,
      errors: drain.status === 200 ? 0 : 1,
    });
    if (drain.status !== 200) errors++;

    const ids = sampleIds(ingest.locations, 20_000);
    for (const connections of o.readConnections) {
      log(`reading by id: ${connections} connection(s) for ${o.readSeconds} s`);
      const r = await readLoad(server, ids, connections, o.readSeconds);
      errors += r.errors;
      rows.push({
        phase: `read by id, ${connections} connection${connections === 1 ? '' : 's'}`,
        work: `${fmt(r.requests)} requests over ${fmt(ids.length)} ids`,
        seconds: r.elapsedMs / 1000,
        throughput: `${perSecond(r.requests, r.elapsedMs)} req/s`,
        p50: r.p50,
        p90: r.p90,
        p99: r.p99,
        errors: r.errors,
      });
    }

    log(`searching: each kind of search for ${o.readSeconds} s, one connection`);
    for (const r of await searchLoad(server, o.readSeconds)) {
      errors += r.errors;
      rows.push({
        phase: `search, ${r.name}`,
        work: `${fmt(r.requests)} queries, ${fmt(r.meanTotal)} results on the first page on average`,
        seconds: o.readSeconds,
        throughput: `${perSecond(r.requests, o.readSeconds * 1000)} req/s`,
        p50: r.p50,
        p90: r.p90,
        p99: r.p99,
        errors: r.errors,
      });
    }

    if (o.verify) {
      log('verifying: reading back every ingested resource');
      const v = await verifyIngest(server, files, ingest.locations);
      errors += v.mismatches;
      rows.push({
        phase: 'verify (read back and compare with the source)',
        work: `${fmt(v.compared)} resources${v.skippedBundles ? `, ${v.skippedBundles} bundles skipped (failed)` : ''}`,
        seconds: v.elapsedMs / 1000,
        throughput: `${perSecond(v.compared, v.elapsedMs)} resources/s`,
        errors: v.mismatches,
      });
      log(`verify: ${fmt(v.compared)} compared, ${v.mismatches} mismatches`);
      for (const s of v.samples) log(`  mismatch: ${s}`);
    }
    const rss = server.peakRssMiB();
    if (rss !== undefined) notes.push(`server peak RSS during the HTTP phases: ${rss} MiB`);
    await server.stop();
    server = undefined;

    // 2. The import path, in this process, on another fresh database (the server is stopped, so the
    // two do not compete for the CPU).
    const importDb = await freshDatabase(o.db, 'import', o.databaseUrl);
    databases.push(importDb);
    log(`importing in-process (heartwood import, --keep-ids), concurrency ${o.concurrency}`);
    const imported = await importIngest(
      importDb.env,
      files,
      o.concurrency,
      every(10_000, (p) => log(`  ${fmt(p.resources)} resources, ${perSecond(p.resources, p.elapsedMs)}/s`)),
    );
    errors += imported.failureCount;
    rows.push({
      phase: 'import path (in-process, keep ids)',
      work: `${fmt(imported.bundles)} bundles, ${fmt(imported.resources)} resources`,
      seconds: imported.elapsedMs / 1000,
      throughput: `${perSecond(imported.resources, imported.elapsedMs)} resources/s`,
      errors: imported.failureCount,
    });
    for (const f of imported.failures.slice(0, 10)) {
      log(
        `  import failure: ${f.file}${f.line ? `:${f.line}` : ''}${f.entry !== undefined ? ` entry ${f.entry}` : ''}: ${f.diagnostics}`,
      );
    }
  } finally {
    await cleanUp();
  }

  const date = new Date().toISOString().slice(0, 10);
  const markdown = resultsMarkdown({
    date,
    db: o.db,
    dataset: describeFiles(files),
    concurrency: o.concurrency,
    rows,
    notes,
  });
  process.stdout.write(`\n${markdown}`);
  const dir = join(findProjectRoot(import.meta.url), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${date}-${o.db}${o.quick ? '-quick' : ''}.md`);
  await writeFile(file, markdown);
  log(`written to ${file}`);
  log(errors === 0 ? 'no errors' : `${errors} error(s): see above`);
  return errors === 0 ? 0 : 1;
}

async function timedGet(target: HttpTarget, path: string): Promise<{ status: number; ms: number }> {
  const agent = keepAliveAgent(1);
  const t0 = performance.now();
  const r = await request(agent, 'GET', `${target.base}/${path}`, undefined, target.headers);
  agent.destroy();
  return { status: r.status, ms: performance.now() - t0 };
}

/** A deterministic sample of the ingested ids, so runs read the same resources. */
function sampleIds(locations: Map<string, string[]>, max: number): string[] {
  const all: string[] = [];
  for (const ids of locations.values()) for (const id of ids) if (id) all.push(id);
  return all.length <= max ? all : createPrng(42).sample(all, max);
}

function describeFiles(files: InputFile[]): string {
  const names = files.map((f) => basename(f.path));
  return `${names.length <= 3 ? names.join(', ') : `${names[0]} … ${names[names.length - 1]} (${names.length} files)`}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 1;
  },
);
