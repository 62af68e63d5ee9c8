/** SQL-on-FHIR v2 ViewDefinitions: validation, an in-memory runner and a compiler to one PostgreSQL query. */
export { validateView } from './validate-view.js';
export { runView, createViewRunner } from './run-view.js';
export type { ViewResult, ViewRow, ViewRunner } from './run-view.js';
export { compileViewToSql } from './compile-view-sql.js';
export type { CompileSqlOptions, CompiledViewSql } from './compile-view-sql.js';
export { queryView } from './query-view.js';
export type { ViewQueryResult } from './query-view.js';
export type { ViewDefinition, ViewColumnInfo, CheckedView } from './view-definition.js';
