/**
 * SQL-on-FHIR v2 `$run`: a ViewDefinition (sent inline) run over the store, answered as JSON, NDJSON
 * or CSV. The view is compiled to one PostgreSQL query; views the compiler cannot translate run in
 * memory over the store's resources, read in pages.
 */
import {
  compileViewToSql,
  createViewRunner,
  queryView,
  validateView,
} from '../analytics/sql-on-fhir/index.js';
import type { ViewRow } from '../analytics/sql-on-fhir/index.js';
import type { PatientCompartment } from '../definitions/index.js';
import { errors, FhirError } from '../fhir/index.js';
import type { OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import type { FhirResponse } from '../rest/index.js';
import type { SqlExecutor } from '../store/index.js';
import { readViewRunInput } from './view-run-input.js';
import type { ViewRunInput } from './view-run-input.js';
import { createRowWriter } from './view-run-output.js';
import { scopeConditions, scopePages } from './view-run-scope.js';
import type { ViewScope } from './view-run-scope.js';

export interface ViewRunDeps {
  /** The SQL executor of the store (`OpenedStore.driver`): compiled views run as one query on it. */
  driver: SqlExecutor;
  patientCompartment: PatientCompartment;
}

/** Which engine produced the rows (for the `X-Heartwood-View-Engine` response header). */
export type ViewEngine = 'sql' | 'memory';

/** The name the compiled query reads when the scope narrows the `resource` table. */
const SCOPED_TABLE = 'hw_view_scope';

/**
 * Two entry points to one operation: `ViewDefinition/$run` (type level, as the SQL-on-FHIR IG defines
 * it) and `$viewdefinition-run` (system level, the IG's form for R4 servers, where ViewDefinition is not
 * a resource type).
 */
export function createViewRun(deps: ViewRunDeps): OperationDefinition[] {
  const run = async (ctx: OperationContext, call: OperationCall): Promise<FhirResponse> => {
    const input = readViewRunInput(call);
    // Analysts' views are secondary use: the national data opt-out applies inside the query.
    const result = await runViewOverStore(deps, input, { secondaryUse: ctx.principal.role !== 'system' });
    return {
      status: 200,
      body: result.body,
      contentType: result.contentType,
      headers: { 'X-Heartwood-View-Engine': result.engine },
    };
  };
  return [
    {
      name: 'run',
      levels: ['type'],
      resourceTypes: ['ViewDefinition'],
      definition: 'http://sql-on-fhir.org/OperationDefinition/$run',
      affectsState: false,
      run,
    },
    {
      name: 'viewdefinition-run',
      levels: ['system'],
      definition: 'http://sql-on-fhir.org/OperationDefinition/$viewdefinition-run',
      affectsState: false,
      run,
    },
  ];
}

export interface ViewRunResult {
  body: string;
  contentType: string;
  engine: ViewEngine;
}

/** Validates the view, runs it on the best engine that can, and writes the rows in the asked format. */
export async function runViewOverStore(
  deps: ViewRunDeps,
  input: ViewRunInput,
  options: { secondaryUse?: boolean } = {},
): Promise<ViewRunResult> {
  const checked = validateView(input.view);
  const scope: ViewScope = { resourceType: checked.resource };
  if (options.secondaryUse) scope.secondaryUse = true;
  if (input.patient !== undefined) {
    if (checked.resource !== 'Patient' && !deps.patientCompartment[checked.resource]) {
      throw errors.invalidParameter(`patient: ${checked.resource} is not in the Patient compartment.`);
    }
    scope.patient = input.patient;
  }
  if (input.since !== undefined) scope.since = input.since;
  const writer = createRowWriter(input.format, checked.columns, { header: input.header });
  const engine = await (isCompilable(input.view)
    ? runCompiled(deps.driver, input, scope, (row) => writer.row(row))
    : runInMemory(deps.driver, input, scope, (row) => writer.row(row)));
  return { body: writer.finish(), contentType: writer.contentType, engine };
}

/** Whether the SQL compiler translates the view; a 501 from it means "use the in-memory runner". */
function isCompilable(view: unknown): boolean {
  try {
    compileViewToSql(view);
    return true;
  } catch (e) {
    if (e instanceof FhirError && e.status === 501) return false;
    throw e;
  }
}

async function runCompiled(
  driver: SqlExecutor,
  input: ViewRunInput,
  scope: ViewScope,
  emit: (row: ViewRow) => void,
): Promise<ViewEngine> {
  const narrowed = scope.patient !== undefined || scope.since !== undefined || scope.secondaryUse === true;
  // queryView owns compiling and translating the query's data errors; the scope and the limit are
  // added around its statement, with their parameters numbered after the compiler's own.
  const scoped: SqlExecutor = {
    query<T>(sql: string, params: unknown[] = [], name?: Parameters<SqlExecutor['query']>[2]) {
      const all = [...params];
      let text = sql;
      if (narrowed) {
        const where = scopeConditions(scope, all.length + 1);
        all.push(...where.params);
        text = `WITH ${SCOPED_TABLE} AS (SELECT * FROM resource WHERE ${where.sql})\n${text}`;
      }
      if (input.limit !== undefined) {
        all.push(input.limit);
        text = `${text}\nLIMIT $${all.length}`;
      }
      return driver.query<T>(text, all, name);
    },
    copyRows: (table, columns, rows) => driver.copyRows(table, columns, rows),
  };
  const result = await queryView(scoped, input.view, narrowed ? { table: SCOPED_TABLE } : {});
  for (const row of result.rows) emit(row);
  return 'sql';
}

async function runInMemory(
  driver: SqlExecutor,
  input: ViewRunInput,
  scope: ViewScope,
  emit: (row: ViewRow) => void,
): Promise<ViewEngine> {
  const runner = createViewRunner(input.view);
  let count = 0;
  pages: for await (const resources of scopePages(driver, scope)) {
    for (const row of runner.run(resources)) {
      emit(row);
      if (++count === input.limit) break pages;
    }
  }
  return 'memory';
}
