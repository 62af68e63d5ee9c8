/**
 * Throughput of search index extraction on Synthea data: extracts the index rows of every entry's
 * resource of each transaction Bundle (one Bundle per line of a gzip NDJSON file) and prints
 * resources per second and rows per resource.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/search-extract.js [file.ndjson.gz] [--seconds=N]
 *
 * The default file is ../shared/data/synthea/small.ndjson.gz next to the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { findProjectRoot, loadSearchParameters } from '../src/definitions/index.js';
import type { FhirResource } from '../src/fhir/index.js';
import { createExtractor, createSearchRegistry } from '../src/fhir/search/index.js';
import type { IndexRows } from '../src/fhir/search/index.js';
import { loadR4Definitions } from '../src/fhir/validation/index.js';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 3);
const root = findProjectRoot(import.meta.url);
const file =
  args.find((a) => !a.startsWith('--')) ?? join(root, '..', 'shared', 'data', 'synthea', 'small.ndjson.gz');

const t0 = performance.now();
const model = loadR4Definitions(root);
const params = loadSearchParameters();
const loadMs = performance.now() - t0;
const t1 = performance.now();
const registry = createSearchRegistry(params, model);
const extractor = createExtractor(registry, model);
const compileMs = performance.now() - t1;

// Parsing is not part of the measurement: the server extracts from what its JSON parser produced.
const resources: FhirResource[] = [];
for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
  if (line.trim() === '') continue;
  const bundle = JSON.parse(line) as { entry?: { resource?: FhirResource }[] };
  for (const entry of bundle.entry ?? []) if (entry.resource !== undefined) resources.push(entry.resource);
}

type Table = Exclude<keyof IndexRows, 'text'>;
const TABLES: Table[] = ['token', 'string', 'date', 'number', 'quantity', 'reference', 'uri', 'composite'];
const rowCounts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Table, number>;
const perType = new Map<string, { count: number; rows: number; ms: number }>();
let contentChars = 0;
for (const r of resources) {
  const rows = extractor.extract(r); // warm-up, lets the JIT settle, and the row census
  let n = 0;
  for (const t of TABLES) {
    rowCounts[t] += rows[t].length;
    n += rows[t].length;
  }
  contentChars += rows.text.content.length;
  const entry = perType.get(r.resourceType) ?? { count: 0, rows: 0, ms: 0 };
  entry.count++;
  entry.rows += n;
  perType.set(r.resourceType, entry);
}

let extracted = 0;
const start = performance.now();
let elapsed = 0;
while (elapsed < seconds * 1000) {
  for (const r of resources) extractor.extract(r);
  extracted += resources.length;
  elapsed = performance.now() - start;
}

// One timed pass per type, for where the time goes.
for (const [type, entry] of perType) {
  const ofType = resources.filter((r) => r.resourceType === type);
  const s = performance.now();
  for (let i = 0; i < 20; i++) for (const r of ofType) extractor.extract(r);
  entry.ms = (performance.now() - s) / 20;
}

const totalRows = TABLES.reduce((sum, t) => sum + rowCounts[t], 0);
const { compilation } = extractor;
console.log(`file: ${file}`);
console.log(
  `definitions loaded in ${loadMs.toFixed(0)} ms; registry and extractors compiled in ${compileMs.toFixed(0)} ms`,
);
console.log(
  `(type, param) pairs: ${compilation.native.length} native, ${compilation.fallback.length} fhirpath fallback, ` +
    `${compilation.notIndexed.length} not indexed`,
);
console.log(`${resources.length} resources per pass`);
console.log(
  `${Math.round((extracted / elapsed) * 1000).toLocaleString('en')} resources/s ` +
    `(${((elapsed * 1000) / extracted).toFixed(1)} µs per resource; ${extracted} in ${elapsed.toFixed(0)} ms)`,
);
console.log(
  `${(totalRows / resources.length).toFixed(1)} rows per resource: ` +
    TABLES.map((t) => `${t} ${(rowCounts[t] / resources.length).toFixed(1)}`).join(', ') +
    `; _content ${Math.round(contentChars / resources.length)} chars`,
);
console.log('per type: count, rows per resource, µs per resource');
for (const [type, e] of [...perType].sort((a, b) => b[1].count - a[1].count)) {
  console.log(
    `  ${type.padEnd(22)} ${String(e.count).padStart(6)} ${(e.rows / e.count).toFixed(1).padStart(6)} ` +
      `${((e.ms * 1000) / e.count).toFixed(1).padStart(7)}`,
  );
}
