// Compiles the official FHIR R4 definitions (the hl7.fhir.r4.examples npm package) into compact
// JSON files under generated/, so that the server does not parse 190 MB of definitions at start.
// Runs as part of `npm run build` (and so `npm install`); skips work when the outputs are newer.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('hl7.fhir.r4.examples/package.json'));
const outDir = join(root, 'generated');
mkdirSync(outDir, { recursive: true });

const builders = readdirSync(join(root, 'scripts', 'definitions'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();

/** Loads every definition file whose name starts with one of the prefixes. */
function load(prefixes) {
  return readdirSync(pkgDir)
    .filter((f) => f.endsWith('.json') && prefixes.some((p) => f.startsWith(p)))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(pkgDir, f), 'utf8')));
}

const pkgTime = statSync(join(pkgDir, 'package.json')).mtimeMs;
for (const file of builders) {
  const src = join(root, 'scripts', 'definitions', file);
  const mod = await import(new URL(`file://${src}`).href);
  const out = join(outDir, mod.output);
  if (existsSync(out)) {
    const t = statSync(out).mtimeMs;
    if (t > statSync(src).mtimeMs && t > pkgTime) continue;
  }
  const data = mod.build({ load, pkgDir });
  writeFileSync(out, JSON.stringify(data));
  console.log(`definitions: wrote generated/${mod.output}`);
}
