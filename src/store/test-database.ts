import pg from 'pg';

/**
 * A database of its own for one test or benchmark run on the PostgreSQL server `server` names:
 * created empty, and dropped (with any connection still open to it) by `drop`.
 */
export async function scratchDatabase(
  server: string,
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const safe = label.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const name = `hw_${safe}_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
