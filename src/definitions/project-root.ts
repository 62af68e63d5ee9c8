import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of Heartwood's package.json. Walking up (rather than a fixed `../..`) keeps it working
 * both from `src/` under vitest and from `dist/src/` after tsc, and when installed as a dependency.
 */
export function findProjectRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'heartwood'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json named "heartwood" above ${from}`);
    dir = parent;
  }
}

/** Reads one file compiled by `scripts/build-definitions.mjs` from the official R4 definitions. */
export function readGenerated<T>(file: string): T {
  const path = join(findProjectRoot(), 'generated', file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run "npm run build" to compile the FHIR definitions`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
