import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot, loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';
import type { IndexRows, SearchExtractor } from './index.js';

/**
 * Proves the compiler right: for every (type, parameter) pair that compiles to a native walker, the
 * walker gives the same rows as the fhirpath library evaluating the official expression, over every
 * official R4 example (and the resources inside them) and the Synthea sample.
 */

const packageDir = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const syntheaFile = join(findProjectRoot(), '..', 'shared', 'data', 'synthea', 'small.ndjson.gz');

// The library evaluating ~2,500 expressions over 19,000 resources takes a while on a busy machine.
const SLOW = 180_000;

const TABLES = ['token', 'string', 'date', 'number', 'quantity', 'reference', 'uri', 'composite'] as const;

/** Every resource of a file: the resource, Bundle entries and contained resources, recursively. */
function withNested(resource: FhirResource, out: FhirResource[] = []): FhirResource[] {
  out.push(resource);
  const nested = [
    ...((resource.entry as { resource?: FhirResource }[] | undefined) ?? []).map((e) => e.resource),
    ...((resource.contained as FhirResource[] | undefined) ?? []),
  ];
  for (const r of nested) if (typeof r?.resourceType === 'string') withNested(r, out);
  return out;
}

function officialExamples(): FhirResource[] {
  const files = readdirSync(packageDir).filter((f) => f.endsWith('.json') && f !== 'package.json');
  return files.flatMap((f) =>
    withNested(JSON.parse(readFileSync(join(packageDir, f), 'utf8')) as FhirResource),
  );
}

function syntheaResources(): FhirResource[] {
  return gunzipSync(readFileSync(syntheaFile))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => withNested(JSON.parse(l) as FhirResource).slice(1));
}

const rowSet = (rows: IndexRows, keep: (param: string) => boolean): Set<string> =>
  new Set(
    TABLES.flatMap((t) => rows[t].filter((r) => keep(r.param)).map((r) => `${t} ${JSON.stringify(r)}`)),
  );

interface Comparison {
  differences: string[];
  /** Parameters the library could not evaluate on a resource, left out of the comparison. */
  skipped: string[];
  compared: number;
  /** Rows both sides agreed on. */
  rows: number;
}

/** The two extractors under comparison, and where the fallback reports evaluation errors. */
interface Pair {
  native: SearchExtractor;
  fallback: SearchExtractor;
  fallbackErrors: { code: string; message: string }[];
}

function compare({ native, fallback, fallbackErrors }: Pair, resources: FhirResource[]): Comparison {
  const nativeCodes = new Map<string, Set<string>>();
  for (const { resourceType, code } of native.compilation.native) {
    const set = nativeCodes.get(resourceType) ?? new Set();
    set.add(code);
    nativeCodes.set(resourceType, set);
  }
  const result: Comparison = { differences: [], skipped: [], compared: 0, rows: 0 };
  for (const resource of resources) {
    const at = `${resource.resourceType}/${resource.id ?? '(no id)'}`;
    const codes = nativeCodes.get(resource.resourceType) ?? new Set<string>();
    const fromFallback = fallback.extract(resource);
    const failed = new Set<string>();
    for (const { code, message } of fallbackErrors.splice(0)) {
      failed.add(code);
      result.skipped.push(`${at} ${code}: ${message}`);
    }
    const keep = (param: string) => codes.has(param) && !failed.has(param);
    const a = rowSet(native.extract(resource), keep);
    const b = rowSet(fromFallback, keep);
    for (const row of a) if (!b.has(row)) result.differences.push(`${at} native only: ${row}`);
    for (const row of b) if (!a.has(row)) result.differences.push(`${at} fhirpath only: ${row}`);
    for (const row of a) if (b.has(row)) result.rows++;
    result.compared++;
  }
  return result;
}

let pair: Pair;
let auto: SearchExtractor;

beforeAll(() => {
  const model = loadR4Definitions();
  const registry = createSearchRegistry(loadSearchParameters(), model);
  const fallbackErrors: Pair['fallbackErrors'] = [];
  pair = {
    native: createExtractor(registry, model, { mode: 'native' }),
    fallback: createExtractor(registry, model, {
      mode: 'fallback',
      onError: (_type, code, error) => fallbackErrors.push({ code, message: String(error) }),
    }),
    fallbackErrors,
  };
  auto = createExtractor(registry, model);
});

describe('compiling the official R4 search parameters', () => {
  it('compiles almost every (type, parameter) pair natively; these three use the fhirpath library', () => {
    const { compilation } = auto;
    expect(compilation.fallback.map((f) => `${f.resourceType}.${f.code}`)).toEqual([
      'Bundle.composition',
      'Bundle.message',
      'Patient.deceased',
    ]);
    expect(compilation.native.length).toBeGreaterThan(2500);
    console.log(
      `search parameters: ${compilation.native.length} (type, param) pairs native, ` +
        `${compilation.fallback.length} fhirpath fallback, ${compilation.notIndexed.length} not indexed`,
    );
  });

  it('every pair that is not indexed has a reason: _text/_content, special, or no expression for the type', () => {
    const reasons = new Set(
      auto.compilation.notIndexed.map((n) => (n.code.startsWith('_') ? n.code : n.reason)),
    );
    expect([...reasons].sort()).toEqual([
      '_content',
      '_text',
      'no expression for this type',
      'special parameters are not indexed',
    ]);
  });
});

describe('official R4 examples', () => {
  const resources = officialExamples();

  it(
    'extracts every resource without an error',
    () => {
      const errors: string[] = [];
      const model = loadR4Definitions();
      const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model, {
        onError: (type, code, error) => errors.push(`${type}.${code}: ${String(error)}`),
      });
      let rows = 0;
      for (const r of resources) {
        const out = extractor.extract(r);
        rows += TABLES.reduce((n, t) => n + out[t].length, 0);
      }
      expect(errors).toEqual([]);
      expect(resources.length).toBeGreaterThan(10_000);
      console.log(`official examples: ${resources.length} resources, ${rows} index rows`);
    },
    SLOW,
  );

  it(
    'native walkers give the same rows as the fhirpath library',
    () => {
      const { differences, skipped, compared, rows } = compare(pair, resources);
      expect(differences.slice(0, 20)).toEqual([]);
      expect(rows).toBeGreaterThan(300_000);
      expect(skipped).toEqual([]);
      expect(compared).toBe(resources.length);
    },
    SLOW,
  );
});

describe.skipIf(!existsSync(syntheaFile))('Synthea sample', () => {
  it(
    'native walkers give the same rows as the fhirpath library',
    () => {
      const resources = syntheaResources();
      const { differences, skipped, rows } = compare(pair, resources);
      // 2,523 entries and the resources contained in their Claims and ExplanationOfBenefits.
      expect(resources).toHaveLength(2931);
      expect(differences.slice(0, 20)).toEqual([]);
      expect(skipped).toEqual([]);
      expect(rows).toBeGreaterThan(25_000);
    },
    SLOW,
  );
});
