import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { copyStatement, copyText } from './copy-format.js';
import type { QueryResult, SqlDriver, SqlExecutor } from './sql-driver.js';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

function wrap(q: PGlite | Transaction): SqlExecutor {
  return {
    async copyRows(table, columns, rows) {
      if (rows.length === 0) return;
      await q.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([copyText(rows)]) });
    },
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

/**
 * Embedded PostgreSQL (WebAssembly). One engine per process, so statements are serialised by PGlite
 * itself; a transaction holds it for its whole duration.
 * @param dataDir a directory for durable storage, or undefined for an in-memory database (tests).
 */
export async function createPgliteDriver(dataDir?: string): Promise<SqlDriver> {
  // Timestamps and bigints come back as strings, as the server driver returns them.
  const parsers = { [TIMESTAMPTZ_OID]: (v: string) => v, [INT8_OID]: (v: string) => v };
  const db = dataDir ? new PGlite(dataDir, { parsers }) : new PGlite({ parsers });
  await db.waitReady;
  const plain = wrap(db);
  return {
    kind: 'pglite',
    query: plain.query,
    copyRows: plain.copyRows,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}
