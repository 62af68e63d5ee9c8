import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findProjectRoot } from '../src/definitions/index.js';

export interface BenchOptions {
  data: string;
  db: 'pglite' | 'postgres';
  databaseUrl?: string;
  concurrency: number;
  readConnections: number[];
  readSeconds: number;
  quick: boolean;
  verify: boolean;
}

export const BENCH_HELP = `Usage: npm run bench -- [options]

Starts a real Heartwood server on a fresh database and measures, on the Synthea sample:
  1. ingest over HTTP (POST /fhir of each transaction Bundle), resources/s and errors;
  2. ingest through the import path (in-process, as "heartwood import"), on another fresh database;
  3. read by id over HTTP at 1 and 32 keep-alive connections: requests/s and p50/p90/p99 latency.
Prints a markdown table and writes it to bench/results/<date>-<db>.md.

Options:
  --data PATH          directory of NDJSON(.gz) bundles (default ../shared/data/synthea)
  --db pglite|postgres database under test (default pglite; postgres needs DATABASE_URL, where
                       a fresh database is created and dropped again)
  --concurrency N      bundles in flight while ingesting (default 4)
  --connections LIST   read-test connection counts (default 1,32)
  --seconds N          length of each read test (default 20; 3 with --quick)
  --quick              only small.ndjson.gz and short runs (smoke test)
  --verify             read back every ingested resource and compare it with the source
  -h, --help           show this help
`;

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      concurrency: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      quick: { type: 'boolean' },
      verify: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const db = values.db ?? 'pglite';
  if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db must be pglite or postgres, not "${db}"`);
  if (db === 'postgres' && !env.DATABASE_URL) {
    throw new Error(
      '--db postgres needs DATABASE_URL (a server where the bench may create and drop databases)',
    );
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const quick = values.quick === true;
  return {
    data: values.data ?? join(findProjectRoot(import.meta.url), '..', 'shared', 'data', 'synthea'),
    db,
    databaseUrl: db === 'postgres' ? env.DATABASE_URL : undefined,
    concurrency: int('concurrency', values.concurrency, 4, 1, 256),
    readConnections: (values.connections ?? '1,32')
      .split(',')
      .map((c) => int('connections', c.trim(), 1, 1, 1024)),
    readSeconds: int('seconds', values.seconds, quick ? 3 : 20, 1, 600),
    quick,
    verify: values.verify === true,
  };
}
