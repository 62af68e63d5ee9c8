/**
 * The SQL-on-FHIR v2 conformance suite (https://github.com/FHIR/sql-on-fhir-v2, `tests/*.json`): loading
 * it, judging a runner's rows the way the suite's reference runner does, and writing the report in the
 * suite's `test-report.schema.json` format. The suite lives next to the repository (`../shared`), not in it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findProjectRoot } from '../../definitions/index.js';
import type { FhirResource } from '../../fhir/index.js';

export interface ConformanceCase {
  title: string;
  tags: string[];
  view: unknown;
  expect?: Record<string, unknown>[];
  expectError?: boolean;
  expectCount?: number;
  expectColumns?: string[];
}

export interface ConformanceFile {
  /** The file name, e.g. `basic.json`: the report's key. */
  name: string;
  resources: FhirResource[];
  tests: ConformanceCase[];
}

export function conformanceDirectory(): string {
  return join(findProjectRoot(), '..', 'shared', 'conformance', 'sql-on-fhir-v2', 'tests');
}

/** The suite's files in name order, or undefined when the suite is not next to the repository. */
export function loadConformanceSuite(dir: string = conformanceDirectory()): ConformanceFile[] | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        resources?: FhirResource[];
        tests?: ConformanceCase[];
      };
      return { name, resources: json.resources ?? [], tests: json.tests ?? [] };
    });
}

/** A value in canonical text: object keys sorted, array order kept (collection columns are ordered). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Why `rows` do not satisfy the case's `expect` (undefined when they do): the two must be equal as
 * multisets of rows, a row being its key set with deep-equal values. `expectColumns`, when given, must
 * also be the key order of every row.
 */
export function rowMismatch(test: ConformanceCase, rows: Record<string, unknown>[]): string | undefined {
  if (test.expectCount !== undefined && rows.length !== test.expectCount) {
    return `expected ${test.expectCount} rows, got ${rows.length}`;
  }
  if (test.expectColumns) {
    const want = test.expectColumns.join(',');
    const bad = rows.find((r) => Object.keys(r).join(',') !== want);
    if (bad) return `expected columns ${want}, got ${Object.keys(bad).join(',')}`;
  }
  if (!test.expect) return undefined;
  const pending = new Map<string, number>();
  for (const r of test.expect) {
    const k = canonical(r);
    pending.set(k, (pending.get(k) ?? 0) + 1);
  }
  const unexpected: string[] = [];
  for (const r of rows) {
    const k = canonical(r);
    const n = pending.get(k) ?? 0;
    if (n === 0) unexpected.push(k);
    else pending.set(k, n - 1);
  }
  const missing = [...pending.entries()].filter(([, n]) => n > 0).map(([k]) => k);
  if (unexpected.length === 0 && missing.length === 0) return undefined;
  const show = (xs: string[]) => xs.slice(0, 3).join(' ') + (xs.length > 3 ? ` (+${xs.length - 3})` : '');
  return [
    missing.length > 0 ? `missing ${show(missing)}` : '',
    unexpected.length > 0 ? `unexpected ${show(unexpected)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

export interface CaseResult {
  name: string;
  result: { passed: boolean; error?: string; details?: Record<string, unknown> };
}

export type ConformanceReport = Record<string, { tests: CaseResult[] }>;

export function writeConformanceReport(path: string, report: ConformanceReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** `shareable`, `experimental`, or `other` for a case carrying neither tag. */
export function caseTier(test: ConformanceCase): 'shareable' | 'experimental' | 'other' {
  if (test.tags.includes('shareable')) return 'shareable';
  if (test.tags.includes('experimental')) return 'experimental';
  return 'other';
}
