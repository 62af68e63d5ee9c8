import type { CopyValue } from './copy-format.js';

/** The one seam between the store and a PostgreSQL engine (embedded PGlite or a server through pg). */

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface SqlExecutor {
  /**
   * Runs one statement with positional parameters ($1, $2 …). `name` lets the server driver keep a
   * prepared plan for hot statements; the embedded driver ignores it.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<T>>;
  /**
   * Bulk-inserts rows with COPY, the fastest way into PostgreSQL (about twice the speed of a multi-row
   * INSERT of unnested arrays). `table` and `columns` must be Heartwood's own identifiers.
   */
  copyRows(table: string, columns: string[], rows: CopyValue[][]): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pglite' | 'pg';
  /** Runs `fn` inside one database transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations) without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
