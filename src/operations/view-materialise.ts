/**
 * `ViewDefinition/$materialize` (also spelt `$materialise`) and `heartwood view materialise`: a
 * SQL-on-FHIR view compiled to one query and stored as the table `analytics.<name>`, listed in
 * `analytics_view`. A refresh builds the new table under a temporary name and swaps it in within one
 * transaction, so readers see the old rows or the new ones, never a half-built table.
 */
import { compileViewToSql } from '../analytics/index.js';
import { notOptedOutSql } from '../consent/index.js';
import { errors } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { FhirResponse, OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import type { SqlExecutor } from '../store/index.js';

/** Runs `fn` in one database transaction. */
export type InTransaction = <T>(fn: (exec: SqlExecutor) => Promise<T>) => Promise<T>;

export interface MaterialiseOptions {
  /** Table name in the `analytics` schema; defaults to the view's `name`. */
  name?: string;
  /** Research and planning use (the default): people with the national data opt-out are left out. */
  secondaryUse?: boolean;
}

export interface MaterialiseResult {
  name: string;
  table: string;
  rowCount: number;
  refreshedAt: string;
  secondaryUse: boolean;
  milliseconds: number;
}

const NAME = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * The compiled query with its parameters written in as literals: `CREATE TABLE … AS` is a utility
 * statement and takes no bind parameters. Every parameter the compiler makes is referenced as
 * `$n::type`, and each value is quoted as a string literal and cast, so no value is ever SQL.
 */
function inlineParams(sql: string, params: unknown[]): string {
  return sql.replace(/\$([0-9]+)::/g, (_m, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'NULL::';
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (text.includes('\u0000')) throw errors.invalidParameter('The view contains a NUL character.');
    return `'${text.replace(/'/g, "''")}'::`;
  });
}

/** Builds or refreshes `analytics.<name>` from a ViewDefinition. */
export async function materialiseView(
  inTransaction: InTransaction,
  view: unknown,
  options: MaterialiseOptions = {},
): Promise<MaterialiseResult> {
  const compiled = compileViewToSql(view);
  const name = options.name ?? (view as { name?: unknown }).name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw errors.invalidParameter(
      "The table name (the view's name, or name) must be lower case letters, digits and _ , starting with a letter, at most 48 characters.",
    );
  }
  const secondaryUse = options.secondaryUse ?? true;
  let sql = compiled.sql;
  if (secondaryUse) {
    // The compiler's one WHERE line on the resource row: the opt-out joins it there, in the database.
    const where = /^WHERE _res\.resource_type = .* AND NOT _res\.deleted$/m;
    if (!where.test(sql)) throw new Error('compiled view has no resource WHERE line');
    sql = sql.replace(where, (line) => `${line} AND ${notOptedOutSql('_res.patient_key')}`);
  }
  const select = inlineParams(sql, compiled.params);
  const building = `${name}__building`;
  const started = performance.now();
  return inTransaction(async (exec) => {
    await exec.query(`DROP TABLE IF EXISTS analytics."${building}"`);
    await exec.query(`CREATE TABLE analytics."${building}" AS ${select}`);
    const { rows } = await exec.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM analytics."${building}"`,
    );
    await exec.query(`DROP TABLE IF EXISTS analytics."${name}"`);
    await exec.query(`ALTER TABLE analytics."${building}" RENAME TO "${name}"`);
    const rowCount = Number(rows[0]?.n ?? 0);
    const { rows: at } = await exec.query<{ refreshed_at: string }>(
      `INSERT INTO analytics_view (name, view, secondary_use, refreshed_at, row_count)
       VALUES ($1, $2::jsonb, $3, now(), $4)
       ON CONFLICT (name) DO UPDATE SET view = EXCLUDED.view, secondary_use = EXCLUDED.secondary_use,
         refreshed_at = EXCLUDED.refreshed_at, row_count = EXCLUDED.row_count
       RETURNING to_char(refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS refreshed_at`,
      [name, JSON.stringify(view), secondaryUse, rowCount],
    );
    return {
      name,
      table: `analytics.${name}`,
      rowCount,
      refreshedAt: at[0]!.refreshed_at,
      secondaryUse,
      milliseconds: performance.now() - started,
    };
  });
}

/** Refreshes a view already materialised, from the definition kept in the registry. */
export async function refreshMaterialisedView(inTransaction: InTransaction, exec: SqlExecutor, name: string) {
  const { rows } = await exec.query<{ view: unknown; secondary_use: boolean }>(
    `SELECT view, secondary_use FROM analytics_view WHERE name = $1`,
    [name],
  );
  if (!rows[0]) throw errors.notFound(`There is no materialised view ${name.slice(0, 64)}.`);
  const view = typeof rows[0].view === 'string' ? (JSON.parse(rows[0].view) as unknown) : rows[0].view;
  return materialiseView(inTransaction, view, { name, secondaryUse: rows[0].secondary_use });
}

interface ParameterJson {
  name?: unknown;
  resource?: unknown;
  valueString?: unknown;
  valueBoolean?: unknown;
}

async function run(ctx: OperationContext, call: OperationCall): Promise<FhirResponse> {
  if (call.body?.resourceType !== 'Parameters') {
    throw errors.badRequest('$materialize takes a Parameters resource with viewResource (and name).');
  }
  let view: unknown;
  let name: string | undefined;
  let secondaryUse: boolean | undefined;
  for (const [i, p] of ((call.body.parameter as ParameterJson[] | undefined) ?? []).entries()) {
    const at = [`Parameters.parameter[${i}]`];
    if (p.name === 'viewResource' && typeof p.resource === 'object' && p.resource !== null) view = p.resource;
    else if (p.name === 'name' && typeof p.valueString === 'string') name = p.valueString;
    else if (p.name === 'secondaryUse' && typeof p.valueBoolean === 'boolean') secondaryUse = p.valueBoolean;
    else
      throw errors.unknownParameter(
        `${String(p.name ?? '(no name)').slice(0, 64)} is not a parameter of $materialize.`,
        at,
      );
  }
  if (view === undefined) throw errors.badRequest('$materialize needs the view as viewResource.');
  // Only the analysts' purpose is secondary use; a direct-care caller cannot switch the opt-out off
  // for an analyst, and an analyst cannot switch it off at all.
  if (ctx.principal.role === 'analyst') secondaryUse = true;
  const result = await materialiseView((fn) => ctx.store.transaction((tx) => tx.withExecutor(fn)), view, {
    ...(name !== undefined ? { name } : {}),
    ...(secondaryUse !== undefined ? { secondaryUse } : {}),
  });
  const out: FhirResource = {
    resourceType: 'Parameters',
    parameter: [
      { name: 'name', valueString: result.name },
      { name: 'table', valueString: result.table },
      { name: 'rowCount', valueInteger: result.rowCount },
      { name: 'refreshedAt', valueInstant: result.refreshedAt },
      { name: 'secondaryUse', valueBoolean: result.secondaryUse },
    ],
  };
  return { status: 200, body: JSON.stringify(out) };
}

/** The operation under both spellings; POST only, as it changes the database. */
export function createViewMaterialise(): OperationDefinition[] {
  return ['materialize', 'materialise'].map((opName) => ({
    name: opName,
    levels: ['type'],
    resourceTypes: ['ViewDefinition'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/ViewDefinition-materialize',
    affectsState: true,
    run,
  }));
}
