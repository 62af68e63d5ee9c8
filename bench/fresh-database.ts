import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchDatabase } from '../src/store/index.js';

/** An empty database for one measurement, and how to point Heartwood at it. */
export interface FreshDatabase {
  label: string;
  /** Environment for a Heartwood process (exactly one of HEARTWOOD_DATA / DATABASE_URL). */
  env: { HEARTWOOD_DATA?: string; DATABASE_URL?: string };
  drop(): Promise<void>;
}

/**
 * PGlite: a new temporary directory. PostgreSQL: a new database on the server DATABASE_URL names,
 * dropped afterwards, so a run never measures (or harms) data that was there before.
 */
export async function freshDatabase(
  kind: 'pglite' | 'postgres',
  label: string,
  serverUrl?: string,
): Promise<FreshDatabase> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), `heartwood-bench-${label}-`));
    return { label, env: { HEARTWOOD_DATA: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  if (!serverUrl) throw new Error('PostgreSQL needs DATABASE_URL');
  const db = await scratchDatabase(serverUrl, `bench_${label}`);
  return { label, env: { DATABASE_URL: db.url }, drop: db.drop };
}
