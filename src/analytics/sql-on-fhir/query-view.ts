/**
 * Runs a ViewDefinition inside PostgreSQL through any SQL executor (a store driver or a transaction):
 * compile, query, and turn the compiled query's own data errors back into FhirErrors.
 */
import { errors } from '../../fhir/index.js';
import type { SqlExecutor } from '../../store/index.js';
import { compileViewToSql } from './compile-view-sql.js';
import type { CompileSqlOptions } from './compile-view-sql.js';
import type { ViewColumnInfo } from './view-definition.js';

export interface ViewQueryResult {
  columns: ViewColumnInfo[];
  rows: Record<string, unknown>[];
}

/** The compiled SQL signals "several values in a single-valued column" and runaway repeats this way. */
const VIEW_DATA_ERROR = /SQL-on-FHIR: [^"]*/;

/**
 * Compiles the view and runs it. Throws like compileViewToSql (400 invalid view, 501 not compilable:
 * fall back to runView), and a 400 when the data breaks the view (a non-collection column with several
 * values), as the in-memory runner does.
 */
export async function queryView(
  db: SqlExecutor,
  view: unknown,
  options: Omit<CompileSqlOptions, 'rowFormat'> = {},
): Promise<ViewQueryResult> {
  // Rows travel as one json value each: far cheaper to decode than one value per cell.
  const compiled = compileViewToSql(view, { ...options, rowFormat: 'json' });
  try {
    const result = await db.query<{ row: Record<string, unknown> }>(compiled.sql, compiled.params);
    return { columns: compiled.columns, rows: result.rows.map((r) => r.row) };
  } catch (e) {
    const match = e instanceof Error ? VIEW_DATA_ERROR.exec(e.message) : null;
    // The number the database appended (a count or a depth) is what made the cast fail; drop it.
    if (match) throw errors.badRequest(match[0].replace(/[:,]? *(count *)?[0-9]*$/, '').trim());
    throw e;
  }
}
