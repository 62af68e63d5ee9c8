/**
 * Throughput of the structural validator on Synthea data: validates every entry's resource of each
 * transaction Bundle (one Bundle per line of a gzip NDJSON file) and prints resources per second.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/validate.js [file.ndjson.gz] [--seconds=N]
 *
 * The default file is ../shared/data/synthea/small.ndjson.gz next to the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { findProjectRoot } from '../src/definitions/index.js';
import { createValidator, loadR4Definitions } from '../src/fhir/validation/index.js';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 3);
const root = findProjectRoot(import.meta.url);
const file =
  args.find((a) => !a.startsWith('--')) ?? join(root, '..', 'shared', 'data', 'synthea', 'small.ndjson.gz');

const t0 = performance.now();
const validator = createValidator(loadR4Definitions(root));
const setupMs = performance.now() - t0;

// Parsing is not part of the measurement: the server validates what its JSON parser already produced.
const resources: unknown[] = [];
for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
  if (line.trim() === '') continue;
  const bundle = JSON.parse(line) as { entry?: { resource?: unknown }[] };
  for (const entry of bundle.entry ?? []) resources.push(entry.resource);
}

let issues = 0;
for (const r of resources) issues += validator.validate(r).length; // warm-up, lets the JIT settle

let validated = 0;
const start = performance.now();
let elapsed = 0;
while (elapsed < seconds * 1000) {
  for (const r of resources) validator.validate(r);
  validated += resources.length;
  elapsed = performance.now() - start;
}

console.log(`file: ${file}`);
console.log(`definitions loaded and compiled in ${setupMs.toFixed(0)} ms`);
console.log(`${resources.length} resources per pass, ${issues} issues`);
console.log(
  `${Math.round((validated / elapsed) * 1000).toLocaleString('en')} resources/s (${validated} in ${elapsed.toFixed(0)} ms)`,
);
