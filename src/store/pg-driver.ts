import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyStatement, copyText } from './copy-format.js';
import { BY_TEXT } from './sql-driver.js';
import type { QueryResult, SqlDriver, SqlExecutor } from './sql-driver.js';

// Timestamps and bigints come back as strings; the store converts what it needs and never relies on
// pg's Date parsing (which would drop microseconds).
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** Statements prepared by their text, per driver; beyond this many texts the rest run unprepared. */
const MAX_TEXT_NAMES = 500;

/**
 * Names for statements prepared by their text. Bounded: every connection keeps each prepared
 * statement until it closes, so queries of unusual shapes must not add plans without end.
 */
function textNames(limit: number): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `by-text-${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };
}

function wrap(client: pg.Pool | pg.PoolClient, nameOf: (sql: string) => string | undefined): SqlExecutor {
  return {
    async copyRows(table, columns, rows) {
      if (rows.length === 0) return;
      const statement = copyStatement(table, columns, 'STDIN');
      // COPY needs one connection for its whole stream: the transaction's, or one borrowed for it.
      const borrowed = client instanceof pg.Pool ? await client.connect() : undefined;
      const conn = borrowed ?? (client as pg.PoolClient);
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = conn.query(copyFrom(statement));
          stream.on('finish', resolve);
          stream.on('error', reject);
          stream.end(copyText(rows));
        });
      } finally {
        borrowed?.release();
      }
    },
    async query<T>(sql: string, params?: unknown[], name?: string | typeof BY_TEXT): Promise<QueryResult<T>> {
      const r = await client.query({
        text: sql,
        values: params,
        name: name === BY_TEXT ? nameOf(sql) : name,
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
  /** Statement texts prepared by `BY_TEXT` at most (the rest run unprepared); default 500. */
  maxPreparedTexts?: number;
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
  const nameOf = textNames(options.maxPreparedTexts ?? MAX_TEXT_NAMES);
  const plain = wrap(pool, nameOf);
  return {
    kind: 'pg',
    query: plain.query,
    copyRows: plain.copyRows,
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(wrap(c, nameOf));
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
