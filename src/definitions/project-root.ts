import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Heartwood package root, found from this file both in `src/` (tests) and `dist/src/` (built). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'heartwood'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Heartwood package root not found');
    dir = parent;
  }
}

/** Reads one file compiled by `scripts/build-definitions.mjs` from the official R4 definitions. */
export function readGenerated<T>(file: string): T {
  const path = join(projectRoot(), 'generated', file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run "npm run build" to compile the FHIR definitions`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
