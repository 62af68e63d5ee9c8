import type { CopyValue } from './copy-format.js';

/** The one seam between the store and a PostgreSQL engine (embedded PGlite or a server through pg). */

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * Passed as a query's name: prepare the statement under a name the server driver gives its text, for
 * statements whose text is built per request but takes few shapes (a search's page). Planning was
 * most of the database's time on a search; a prepared statement is planned once per connection, and
 * PostgreSQL then keeps a generic plan when it costs no more than planning each time.
 */
export const BY_TEXT: unique symbol = Symbol('prepared by its text');

export interface SqlExecutor {
  /**
   * Runs one statement with positional parameters ($1, $2 …). `name` lets the server driver keep a
   * prepared plan for hot statements (`BY_TEXT`: under a name for its text); the embedded driver
   * ignores it.
   */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    name?: string | typeof BY_TEXT,
  ): Promise<QueryResult<T>>;
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
