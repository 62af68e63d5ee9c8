/**
 * Compiles a ViewDefinition to ONE PostgreSQL query over Heartwood's `resource` table (current versions,
 * JSON text in `content`), so that a view over the whole store runs inside the database.
 *
 * Shape: the resource row, its content parsed once (`LATERAL … OFFSET 0` stops the planner from inlining
 * the cast into every column), then one LATERAL join per forEach (`jsonb_path_query … WITH ORDINALITY`;
 * LEFT JOIN for forEachOrNull), per repeat (a recursive CTE) and per unionAll (UNION ALL of the branches).
 * Sibling selects are successive joins, which is the cross product the spec asks for. Columns come out as
 * jsonb (strings as text, booleans as boolean), so that the driver hands back exactly the JavaScript
 * values the in-memory runner gives.
 *
 * User text reaches the SQL only as bind parameters; column names (already validated against
 * NAME_PATTERN) appear as quoted identifiers, and everything else in the SQL text is the compiler's own.
 */
import { errors } from '../../fhir/index.js';
import { primitiveKind } from './fhir-model.js';
import { compileExpr } from './sql-expression.js';
import type { ExprContext, Scope } from './sql-expression.js';
import { wherePredicate } from './jsonpath-predicate.js';
import { sqlBool } from './sql-operators.js';
import { createSqlParams } from './sql-params.js';
import type { SqlParams } from './sql-params.js';
import { Untranslatable } from './untranslatable.js';
import { asArray, asJsonOne, asPath, isOne, pathCall, valueType } from './sql-value.js';
import type { PathValue, SqlValue } from './sql-value.js';
import { MAX_REPEAT_DEPTH, NAME_PATTERN, validateView } from './validate-view.js';
import type {
  CheckedColumn,
  CheckedSelect,
  Iteration,
  ViewColumnInfo,
  ViewExpression,
} from './view-definition.js';

export interface CompileSqlOptions {
  /** The table of current resource versions (`name` or `schema.name`); Heartwood's is `resource`. */
  table?: string;
  /**
   * `columns` (default): one SQL column per view column, as a PostgreSQL view would have them.
   * `json`: one json column `row` holding the row object (keys in column order). Clients decode one
   * value per row instead of one per cell, which roughly halves the transfer cost of wide results.
   */
  rowFormat?: 'columns' | 'json';
}

export interface CompiledViewSql {
  sql: string;
  params: unknown[];
  columns: ViewColumnInfo[];
}

/** Primitives that JSON writes as strings. */
const TEXT_KINDS = new Set(['string', 'date', 'dateTime', 'time']);

const TABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

function quoteIdent(name: string): string {
  if (!NAME_PATTERN.test(name)) throw errors.badRequest(`"${name.slice(0, 64)}" is not a valid column name.`);
  return `"${name}"`;
}

/** Runs one compilation step, turning "no translation" into a 501 that names the expression. */
function at<T>(expr: ViewExpression, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof Untranslatable)) throw e;
    throw errors.notSupported(
      `The view cannot be compiled to SQL: ${e.message} in "${expr.text.slice(0, 200)}". Run it with the in-memory runner instead.`,
      [expr.at],
    );
  }
}

function compileAt(expr: ViewExpression, scope: Scope, ctx: ExprContext): SqlValue {
  return at(expr, () => compileExpr(expr.ast, scope, ctx));
}

/**
 * A single value as it leaves the query. Strings leave as text and SQL booleans as booleans: cheaper
 * for clients to decode than jsonb, and the same JavaScript value. Union branches must agree on their
 * column types, so inside a unionAll everything stays jsonb.
 */
function outputValue(v: SqlValue, typed: boolean, params: SqlParams): string {
  if (typed) {
    if (v.kind === 'text' || v.kind === 'bool') return v.sql;
    const kind = primitiveKind(valueType(v));
    if ((v.kind === 'path' || v.kind === 'json') && kind && TEXT_KINDS.has(kind)) {
      return `(${asJsonOne(v, params)} #>> '{}')`;
    }
  }
  return asJsonOne(v, params);
}

function columnSql(c: CheckedColumn, scope: Scope, ctx: ExprContext, typed: boolean): string {
  return at(c.path, () => {
    const v = compileExpr(c.path.ast, scope, ctx);
    if (c.collection) return asArray(v, ctx.params);
    if (isOne(v)) return outputValue(v, typed, ctx.params);
    // More than one value in a non-collection column is an error (as in memory): the cast of the
    // message fails, and only on rows that really have several values.
    const g = ctx.alias('_g');
    const message = ctx.params.value(`SQL-on-FHIR: column ${c.name} has more than one value, count `, 'text');
    const failure = `to_jsonb((${message} || jsonb_array_length(${g}.a))::integer)`;
    return `(SELECT CASE WHEN jsonb_array_length(${g}.a) > 1 THEN ${failure} ELSE ${g}.a -> 0 END FROM (SELECT ${asArray(v, ctx.params)} AS a OFFSET 0) AS ${g})`;
  });
}

interface IterationJoin {
  join: string;
  scope: Scope;
}

/** The one type the paths lead to; a path the definitions do not know (so always empty) does not count. */
function typeOfAll(paths: PathValue[]): string | undefined {
  const types = new Set(paths.map((p) => p.chain.type).filter((t) => t !== undefined));
  return types.size === 1 ? [...types][0] : undefined;
}

function focusOf(sql: string, type: string | undefined): SqlValue {
  return type === undefined ? { kind: 'json', sql } : { kind: 'json', sql, type };
}

/** `repeat`: a recursive CTE whose key (path number, ordinal per level) orders rows depth-first, pre-order. */
function repeatJoin(paths: ViewExpression[], scope: Scope, ctx: ExprContext, f: string): IterationJoin {
  const r = ctx.alias('_rep');
  const first = paths.map((p) => asPath(compileAt(p, scope, ctx)));
  const type = typeOfAll(first);
  const again = paths.map((p) => asPath(compileAt(p, { ...scope, focus: focusOf(`${r}.v`, type) }, ctx)));
  if (type !== undefined && typeOfAll(again) !== type) {
    throw errors.notSupported(
      'The view cannot be compiled to SQL: the repeat paths lead to different types.',
      [paths[0]!.at],
    );
  }
  const steps = (values: PathValue[]) =>
    values
      .map((v, i) => {
        const e = ctx.alias('_e');
        const items = at(paths[i]!, () => pathCall('jsonb_path_query', v, ctx.params));
        return `SELECT ${i + 1}::bigint AS p, ${e}.v, ${e}.o FROM ${items} WITH ORDINALITY AS ${e}(v, o)`;
      })
      .join(' UNION ALL ');
  const s1 = ctx.alias('_s');
  const s2 = ctx.alias('_s');
  // A path that does not descend (`$this`) would recurse for ever: fail past the depth the in-memory
  // runner allows, the same way a multi-valued column fails.
  const message = ctx.params.value(
    `SQL-on-FHIR: repeat went deeper than ${MAX_REPEAT_DEPTH} levels: `,
    'text',
  );
  const item = `CASE WHEN ${r}.d >= ${MAX_REPEAT_DEPTH} THEN to_jsonb((${message} || ${r}.d)::integer) ELSE ${s2}.v END`;
  const cte =
    `WITH RECURSIVE ${r}(v, k, d) AS (SELECT ${s1}.v, ARRAY[${s1}.p, ${s1}.o], 1 FROM (${steps(first)}) AS ${s1} ` +
    `UNION ALL SELECT ${item}, ${r}.k || ARRAY[${s2}.p, ${s2}.o], ${r}.d + 1 FROM ${r} CROSS JOIN LATERAL (${steps(again)}) AS ${s2})`;
  const body = `${cte} SELECT ${r}.v, (row_number() OVER (ORDER BY ${r}.k) - 1)::integer AS o FROM ${r}`;
  return {
    join: `CROSS JOIN LATERAL (${body}) AS ${f}`,
    scope: { ...scope, focus: focusOf(`${f}.v`, type), rowIndex: `${f}.o` },
  };
}

function iterationJoin(it: Iteration, scope: Scope, ctx: ExprContext): IterationJoin {
  const f = ctx.alias('_f');
  if (it.kind === 'repeat') return repeatJoin(it.paths, scope, ctx, f);
  const p = asPath(compileAt(it.path, scope, ctx));
  const items = `${at(it.path, () => pathCall('jsonb_path_query', p, ctx.params))} WITH ORDINALITY AS ${f}(v, o)`;
  const orNull = it.kind === 'forEachOrNull';
  return {
    join: orNull ? `LEFT JOIN LATERAL ${items} ON true` : `CROSS JOIN LATERAL ${items}`,
    // The row a forEachOrNull adds for an empty collection has %rowIndex 0, as in memory.
    scope: {
      ...scope,
      focus: focusOf(`${f}.v`, p.chain.type),
      rowIndex: orNull ? `coalesce(${f}.o - 1, 0)::integer` : `(${f}.o - 1)::integer`,
    },
  };
}

interface OutputColumn {
  name: string;
  sql: string;
}

function compileSelect(
  s: CheckedSelect,
  outer: Scope,
  joins: string[],
  ctx: ExprContext,
  inUnion: boolean,
): OutputColumn[] {
  let scope = outer;
  if (s.iteration) {
    const it = iterationJoin(s.iteration, outer, ctx);
    joins.push(it.join);
    scope = it.scope;
  }
  const columns: OutputColumn[] = s.column.map((c) => ({
    name: c.name,
    sql: columnSql(c, scope, ctx, !inUnion),
  }));
  for (const nested of s.select) columns.push(...compileSelect(nested, scope, joins, ctx, inUnion));
  const first = s.unionAll[0];
  if (first) {
    const u = ctx.alias('_u');
    const branches = s.unionAll.map((b) => {
      const branchJoins: string[] = [];
      const cols = compileSelect(b, scope, branchJoins, ctx, true);
      const list = cols.map((c) => `${c.sql} AS ${quoteIdent(c.name)}`).join(', ');
      const from =
        branchJoins.length > 0 ? ` FROM (SELECT 1) AS ${ctx.alias('_b')} ${branchJoins.join(' ')}` : '';
      return `SELECT ${list}${from}`;
    });
    joins.push(`CROSS JOIN LATERAL (${branches.join(' UNION ALL ')}) AS ${u}`);
    for (const c of first.outputColumns) columns.push({ name: c.name, sql: `${u}.${quoteIdent(c.name)}` });
  }
  return columns;
}

function whereSql(expr: ViewExpression, scope: Scope, ctx: ExprContext): string {
  return at(expr, () => {
    // Checked on a scratch compilation: what is kept below is one of two forms.
    const checked = compileExpr(expr.ast, scope, { ...ctx, params: createSqlParams() });
    const type = valueType(checked);
    if (
      checked.kind !== 'bool' &&
      checked.kind !== 'empty' &&
      type !== undefined &&
      primitiveKind(type) !== 'boolean'
    ) {
      throw errors.badRequest(
        `A where path must give a boolean; "${expr.text.slice(0, 200)}" gives ${type}.`,
        [expr.at],
      );
    }
    // Most filters are also jsonpath predicates: one path evaluation instead of one per operand.
    const restore = ctx.params.checkpoint();
    try {
      const predicate = wherePredicate(expr.ast, valueType(scope.resource), ctx);
      const path = ctx.params.jsonPath(`$ ? (${predicate.text})`);
      const vars = predicate.vars ? `, ${ctx.params.varsArgument()}` : '';
      return `jsonb_path_exists(${asJsonOne(scope.resource, ctx.params)}, ${path}${vars})`;
    } catch (e) {
      if (!(e instanceof Untranslatable)) throw e;
      restore();
    }
    return sqlBool(compileExpr(expr.ast, scope, ctx), ctx.params);
  });
}

function quoteTable(table: string): string {
  if (!TABLE_PATTERN.test(table))
    throw errors.badRequest('The resource table name is not a valid identifier.');
  return table
    .split('.')
    .map((t) => `"${t}"`)
    .join('.');
}

/**
 * Compiles a ViewDefinition to one PostgreSQL query. Throws a 400 FhirError for an invalid view and a
 * 501 (`errors.notSupported`, naming the expression) when the view needs FHIRPath the compiler does not
 * translate; callers can then fall back to `runView`.
 */
export function compileViewToSql(view: unknown, options: CompileSqlOptions = {}): CompiledViewSql {
  const checked = validateView(view);
  const table = quoteTable(options.table ?? 'resource');
  const params = createSqlParams();
  let aliases = 0;
  const ctx: ExprContext = {
    params,
    constants: checked.constants,
    alias: (prefix) => `${prefix}${++aliases}`,
  };
  const resourceType = params.value(checked.resource, 'text');
  const doc: SqlValue = { kind: 'json', sql: '_doc.j', type: checked.resource };
  const scope: Scope = { focus: doc, resource: doc, resourceKey: '_res.id', rowIndex: '0' };
  const joins: string[] = [];
  const columns = compileSelect(checked.root, scope, joins, ctx, false);
  const filters = checked.where.map((w) => `AND ${whereSql(w, scope, ctx)}`);
  const sql = [
    `SELECT ${columns.map((c) => `${c.sql} AS ${quoteIdent(c.name)}`).join(', ')}`,
    `FROM ${table} AS _res`,
    'CROSS JOIN LATERAL (SELECT _res.content::jsonb AS j OFFSET 0) AS _doc',
    ...joins,
    `WHERE _res.resource_type = ${resourceType} AND NOT _res.deleted`,
    ...filters,
  ].join('\n');
  const text =
    options.rowFormat === 'json' ? `SELECT row_to_json(_row) AS "row" FROM (\n${sql}\n) AS _row` : sql;
  return { sql: text, params: params.finish(), columns: checked.columns };
}
