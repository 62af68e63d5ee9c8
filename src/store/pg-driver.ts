import pg from 'pg';
import type { QueryResult, SqlDriver, SqlExecutor } from './sql-driver.js';

// Timestamps and bigints come back as strings; the store converts what it needs and never relies on
// pg's Date parsing (which would drop microseconds).
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

function wrap(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<T>> {
      const r = await client.query({
        text: sql,
        values: params,
        name,
        types: {
          getTypeParser: ((oid: number, format?: string) =>
            oid === TIMESTAMPTZ_OID || oid === INT8_OID
              ? (v: string) => v
              : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
        },
      });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export interface PgDriverOptions {
  connectionString: string;
  /** Pool size; default 20. */
  max?: number;
}

/** PostgreSQL server through a pooled `pg` client. */
export async function createPgDriver(options: PgDriverOptions): Promise<SqlDriver> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 20,
    idleTimeoutMillis: 30_000,
  });
  // A dropped server connection must not crash the process; the next query gets a fresh client.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  client.release();
  const plain = wrap(pool);
  return {
    kind: 'pg',
    query: plain.query,
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(wrap(c));
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
