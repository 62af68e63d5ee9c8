import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

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
  const name = `heartwood_bench_${label}_${process.pid}_${Date.now().toString(36)}`.replace(
    /[^a-z0-9_]/g,
    '_',
  );
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    label,
    env: { DATABASE_URL: url.toString() },
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
