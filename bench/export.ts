/**
 * Bulk export round trip and throughput: load the Synthea sample into a fresh store, export every
 * resource with the `$export` job (as `heartwood export` runs it), import the NDJSON into a second
 * empty store, and compare every resource (same ids, same content except meta.versionId and
 * meta.lastUpdated). Prints export resources/s and the process RSS as the export goes (10 %, 50 %,
 * 100 %, peak), to show memory stays flat.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/export.js [--data DIR] [--quick]
 *
 * Data: HEARTWOOD_BENCH_DATA or --data (a directory of Synthea `bundles-*.ndjson.gz` shards; default
 * ../shared/data/synthea next to the repository). Database: PGlite in a temporary directory, or fresh
 * databases on the server DATABASE_URL names (created and dropped).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { findProjectRoot, loadPatientCompartment } from '../src/definitions/index.js';
import type { FhirResource } from '../src/fhir/index.js';
import { exportToDirectory, materialiseView } from '../src/operations/index.js';
import { openStore } from '../src/store/index.js';
import type { OpenedStore } from '../src/store/index.js';
import { benchFiles, rawBundles } from './bundle-source.js';
import { freshDatabase } from './fresh-database.js';
import type { FreshDatabase } from './fresh-database.js';
import { OBSERVATION_VIEW } from './observation-view.js';

const HELP = `Usage: node --expose-gc dist/bench/export.js [--data DIR] [--quick] [--page-size N] [--runs N]

Options:
  --data DIR      Synthea shards (default HEARTWOOD_BENCH_DATA, else ../shared/data/synthea)
  --quick         only small.ndjson.gz (10 bundles)
  --page-size N   rows per export query (default 1000)
  --runs N        timed export runs over the loaded store; the best is reported (default 3)
  -h, --help      this text
Set DATABASE_URL to measure a PostgreSQL server instead of PGlite.
`;

const BATCH = 1000;

const log = (text: string) => process.stderr.write(`export bench: ${text}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
type Res = FhirResource & { id: string };

/**
 * Synthea transaction entries as stored resources: `urn:uuid:` references become `Type/id` (what the
 * FHIR API's transaction processing does), so the store keys each resource in its patient's compartment.
 */
async function* syntheaResources(dir: string, quick: boolean): AsyncGenerator<Res> {
  for await (const raw of rawBundles(await benchFiles(dir, quick))) {
    const bundle = JSON.parse(raw.text) as { entry?: { fullUrl?: string; resource?: Res }[] };
    const urls = new Map<string, string>();
    for (const e of bundle.entry ?? []) {
      if (e.fullUrl && e.resource?.id) urls.set(e.fullUrl, `${e.resource.resourceType}/${e.resource.id}`);
    }
    for (const e of bundle.entry ?? []) {
      if (!e.resource?.id) continue;
      const text = JSON.stringify(e.resource).replace(
        /"reference":"(urn:uuid:[0-9a-f-]+)"/g,
        (m, url: string) => (urls.has(url) ? `"reference":"${urls.get(url)}"` : m),
      );
      yield JSON.parse(text) as Res;
    }
  }
}

async function* ndjsonResources(dir: string): AsyncGenerator<Res> {
  for (const name of (await readdir(dir)).sort()) {
    const lines = createInterface({ input: createReadStream(join(dir, name)), crlfDelay: Infinity });
    for await (const line of lines) if (line !== '') yield JSON.parse(line) as Res;
  }
}

/** Writes in batches; a batch holds each resource once (Synthea repeats Organizations across bundles). */
async function load(
  opened: OpenedStore,
  source: AsyncIterable<Res>,
): Promise<{ written: number; ms: number }> {
  let batch = new Map<string, Res>();
  let written = 0;
  const flush = async () => {
    if (batch.size === 0) return;
    await opened.store.write([...batch.values()].map((resource) => ({ op: 'update' as const, resource })));
    if (Math.floor((written + batch.size) / 20_000) > Math.floor(written / 20_000)) {
      log(
        `  ${fmt(written + batch.size)} written (${fmt(((written + batch.size) * 1000) / (performance.now() - started))}/s)`,
      );
    }
    written += batch.size;
    batch = new Map();
  };
  const started = performance.now();
  for await (const r of source) {
    const key = `${r.resourceType}/${r.id}`;
    if (batch.has(key)) await flush();
    batch.set(key, r);
    if (batch.size >= BATCH) await flush();
  }
  await flush();
  return { written, ms: performance.now() - started };
}

async function open(
  kind: 'pglite' | 'postgres',
  label: string,
): Promise<{ opened: OpenedStore; fresh: FreshDatabase }> {
  const fresh = await freshDatabase(kind, label, process.env.DATABASE_URL);
  const opened = await openStore(
    fresh.env.DATABASE_URL
      ? { kind: 'pg', connectionString: fresh.env.DATABASE_URL, poolSize: 4 }
      : { kind: 'pglite', dataDir: fresh.env.HEARTWOOD_DATA! },
  );
  return { opened, fresh };
}

/**
 * The heap still in use after a full collection (with node --expose-gc): what the export really holds,
 * as opposed to RSS, which V8 lets grow with garbage it has not yet needed to collect.
 */
function liveHeap(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}

function withoutServerMeta(text: string): unknown {
  const r = JSON.parse(text) as { meta?: Record<string, unknown> };
  if (r.meta) {
    delete r.meta.versionId;
    delete r.meta.lastUpdated;
    if (Object.keys(r.meta).length === 0) delete r.meta;
  }
  return r;
}

/** Walks both stores in (type, id) order, page by page, and compares every current resource. */
async function compare(a: OpenedStore, b: OpenedStore): Promise<{ compared: number; mismatches: string[] }> {
  const page = `SELECT resource_type, id, content FROM resource WHERE NOT deleted AND (resource_type, id) > ($1, $2)
    ORDER BY resource_type, id LIMIT 5000`;
  let after: [string, string] = ['', ''];
  let compared = 0;
  const mismatches: string[] = [];
  for (;;) {
    type Row = { resource_type: string; id: string; content: string };
    const [x, y] = await Promise.all([a.driver.query<Row>(page, after), b.driver.query<Row>(page, after)]);
    const n = Math.max(x.rows.length, y.rows.length);
    for (let i = 0; i < n; i++) {
      const l = x.rows[i];
      const r = y.rows[i];
      if (!l || !r || l.resource_type !== r.resource_type || l.id !== r.id) {
        mismatches.push(`${l?.resource_type}/${l?.id} vs ${r?.resource_type}/${r?.id}`);
        return { compared, mismatches };
      }
      if (!isDeepStrictEqual(withoutServerMeta(l.content), withoutServerMeta(r.content))) {
        mismatches.push(`${l.resource_type}/${l.id}`);
      }
      compared++;
    }
    if (x.rows.length < 5000) break;
    const last = x.rows[x.rows.length - 1]!;
    after = [last.resource_type, last.id];
  }
  return { compared, mismatches };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      data: { type: 'string' },
      quick: { type: 'boolean' },
      'page-size': { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir =
    values.data ??
    process.env.HEARTWOOD_BENCH_DATA ??
    join(findProjectRoot(import.meta.url), '..', 'shared', 'data', 'synthea');
  const pageSize = Number(values['page-size'] ?? 1000);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20)
    throw new Error('--runs must be a whole number from 1 to 20');
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const engine = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const out = await mkdtemp(join(tmpdir(), 'heartwood-export-bench-'));
  const source = await open(kind, 'export_src');
  let target: { opened: OpenedStore; fresh: FreshDatabase } | undefined;
  try {
    log(`loading ${dir}${values.quick ? ' (quick)' : ''} into ${engine}…`);
    const loaded = await load(source.opened, syntheaResources(dir, values.quick === true));
    log(`${fmt(loaded.written)} resources written in ${(loaded.ms / 1000).toFixed(1)} s`);
    const { rows } = await source.opened.driver.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM resource WHERE NOT deleted',
    );
    const total = Number(rows[0]!.n);

    // RSS as the export goes: sampled every 50 ms for the peak, and recorded at 10, 50 and 100 %.
    liveHeap();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const marks: [number, number, number | undefined][] = [];
    // The collections forced for the live-heap figures are not export work: their time is left out.
    let gcMs = 0;
    const live = () => {
      const t0 = performance.now();
      const bytes = liveHeap();
      gcMs += performance.now() - t0;
      return bytes;
    };
    const types = new Set(source.opened.registry.resourceTypes());
    const started = performance.now();
    const result = await exportToDirectory(
      {
        driver: source.opened.driver,
        patientCompartment: loadPatientCompartment(),
        lookup: { param: (t, c) => source.opened.registry.param(t, c), isResourceType: (t) => types.has(t) },
        pageSize,
      },
      { level: 'system' },
      out,
      (_type, exported) => {
        const rss = process.memoryUsage().rss;
        peak = Math.max(peak, rss);
        for (const share of [0.1, 0.5]) {
          if (exported >= total * share && !marks.some(([s]) => s === share))
            marks.push([share, rss, live()]);
        }
      },
    );
    const exportMs = performance.now() - started - gcMs;
    clearInterval(sampler);
    marks.push([1, process.memoryUsage().rss, liveHeap()]);
    log(`exported ${fmt(result.exported)} of ${fmt(total)} resources in ${(exportMs / 1000).toFixed(1)} s`);
    // Further timed runs over the same store (the machine is shared: the best run is the least disturbed).
    // Alternating with the row-by-row path (what a job with a row policy runs), so that both meet the
    // same load: the before/after of letting the database join each page into NDJSON.
    const timings = [exportMs];
    const rowTimings: number[] = [];
    for (let i = 0; i < 2 * (runs - 1) + 1; i++) {
      const rowByRow = i % 2 === 0;
      const t0 = performance.now();
      const again = await exportToDirectory(
        {
          driver: source.opened.driver,
          patientCompartment: loadPatientCompartment(),
          lookup: {
            param: (t, c) => source.opened.registry.param(t, c),
            isResourceType: (t) => types.has(t),
          },
          pageSize,
          ...(rowByRow ? { policy: () => true } : {}),
        },
        { level: 'system' },
        out,
      );
      (rowByRow ? rowTimings : timings).push(performance.now() - t0);
      if (again.exported !== result.exported) throw new Error('export runs disagree');
    }
    const bestMs = Math.min(...timings);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const medianMs = median(timings);
    const rowBestMs = Math.min(...rowTimings);

    // Materialising a view on the same store: rows/s of CREATE TABLE … AS over the compiled view.
    const driver = source.opened.driver;
    const materialised = await materialiseView((fn) => driver.transaction(fn), OBSERVATION_VIEW, {
      secondaryUse: true,
    });
    log(
      `materialised ${fmt(materialised.rowCount)} rows in ${(materialised.milliseconds / 1000).toFixed(1)} s`,
    );

    target = await open(kind, 'export_dst');
    const imported = await load(target.opened, ndjsonResources(out));
    log(
      `imported ${fmt(imported.written)} resources into a second store in ${(imported.ms / 1000).toFixed(1)} s`,
    );
    const check = await compare(source.opened, target.opened);

    const lines = [
      `Bulk export round trip (${engine}, ${fmt(total)} resources, page size ${pageSize})`,
      `| measure | result |`,
      `| --- | --- |`,
      `| load (store.write batches of ${BATCH}) | ${fmt((loaded.written * 1000) / loaded.ms)} resources/s |`,
      `| export (\`$export\` job; on PGlite pages joined in the database), best of ${timings.length} | **${fmt((result.exported * 1000) / bestMs)} resources/s** (${(bestMs / 1000).toFixed(1)} s; median ${fmt((result.exported * 1000) / medianMs)}/s) |`,
      `| export row by row (as with a row policy), best of ${rowTimings.length} | ${fmt((result.exported * 1000) / rowBestMs)} resources/s (median ${fmt((result.exported * 1000) / median(rowTimings))}/s) |`,
      `| RSS before export | ${mb(before)} |`,
      ...marks.map(
        ([share, rss, live]) =>
          `| RSS at ${share * 100} % | ${mb(rss)}${live === undefined ? '' : ` (live heap after a full GC: ${mb(live)})`} |`,
      ),
      `| peak RSS during export | ${mb(peak)} |`,
      `| materialise view \`${OBSERVATION_VIEW.name}\` (opt-out applied) | ${fmt((materialised.rowCount * 1000) / materialised.milliseconds)} rows/s (${fmt(materialised.rowCount)} rows) |`,
      `| import of the NDJSON into an empty store | ${fmt((imported.written * 1000) / imported.ms)} resources/s |`,
      `| round trip: resources compared | ${fmt(check.compared)} (${check.mismatches.length} mismatches) |`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (check.mismatches.length > 0) {
      log(`mismatches: ${check.mismatches.slice(0, 10).join(', ')}`);
      return 1;
    }
    return result.exported === total && check.compared === total ? 0 : 1;
  } finally {
    await source.opened.store.close();
    await source.fresh.drop();
    if (target) {
      await target.opened.store.close();
      await target.fresh.drop();
    }
    await rm(out, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`export bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
