/**
 * The in-memory ViewDefinition runner: resources in, rows out, lazily. A view is validated and its
 * expressions compiled once; then each resource is turned into its rows only when the caller asks for them.
 */
import { errors } from '../../fhir/index.js';
import type { FhirResource } from '../../fhir/index.js';
import { createViewEvaluator, plainValues } from './fhirpath-evaluator.js';
import type { EvalVars, Evaluate, ViewEvaluator } from './fhirpath-evaluator.js';
import { MAX_REPEAT_DEPTH, validateView } from './validate-view.js';
import type { CheckedSelect, CheckedView, ViewColumnInfo, ViewExpression } from './view-definition.js';

export type ViewRow = Record<string, unknown>;

export interface ViewResult {
  columns: ViewColumnInfo[];
  /** Produced lazily: iterating pulls resources from the input one at a time. */
  rows: Iterable<ViewRow>;
}

export interface ViewRunner {
  columns: ViewColumnInfo[];
  run(resources: Iterable<FhirResource>): Iterable<ViewRow>;
}

interface PreparedColumn {
  name: string;
  collection: boolean;
  at: string;
  evaluate: Evaluate;
}

interface PreparedSelect {
  /** Items to iterate (forEach / forEachOrNull / repeat); absent for a plain select. */
  iterate?: (focus: unknown, vars: EvalVars) => unknown[];
  orNull: boolean;
  columns: PreparedColumn[];
  select: PreparedSelect[];
  unionAll: PreparedSelect[];
}

/** The focus of a forEachOrNull row whose collection was empty: expressions see an empty input. */
const NO_FOCUS: unknown[] = [];

function prepareSelect(s: CheckedSelect, ev: ViewEvaluator): PreparedSelect {
  const prepared: PreparedSelect = {
    orNull: s.iteration?.kind === 'forEachOrNull',
    columns: s.column.map((c) => ({
      name: c.name,
      collection: c.collection,
      at: c.path.at,
      evaluate: ev.compile(c.path),
    })),
    select: s.select.map((n) => prepareSelect(n, ev)),
    unionAll: s.unionAll.map((n) => prepareSelect(n, ev)),
  };
  const it = s.iteration;
  if (it?.kind === 'repeat') {
    const paths = it.paths.map((p) => ev.compile(p));
    prepared.iterate = (focus, vars) => repeatItems(paths, focus, vars);
  } else if (it) {
    prepared.iterate = ev.compile(it.path);
  }
  return prepared;
}

/** Depth-first, pre-order: each node, then what its paths reach from it (the spec's `repeat`). */
function repeatItems(paths: Evaluate[], focus: unknown, vars: EvalVars): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown, depth: number) => {
    for (const path of paths) {
      for (const child of path(node, vars)) {
        if (depth >= MAX_REPEAT_DEPTH) {
          throw errors.badRequest(
            `repeat went deeper than ${MAX_REPEAT_DEPTH} levels (does each path descend?).`,
          );
        }
        out.push(child);
        visit(child, depth + 1);
      }
    }
  };
  visit(focus, 0);
  return out;
}

function columnValue(c: PreparedColumn, result: unknown[]): unknown {
  const values = plainValues(result);
  if (c.collection) return values;
  if (values.length > 1) {
    throw errors.badRequest(
      `Column "${c.name}" produced ${values.length} values; declare it with collection: true to keep them all.`,
      [c.at],
    );
  }
  return values.length === 0 ? null : values[0];
}

function product(left: ViewRow[], right: ViewRow[]): ViewRow[] {
  if (right.length === 0 || left.length === 0) return [];
  const out: ViewRow[] = [];
  for (const l of left) for (const r of right) out.push({ ...l, ...r });
  return out;
}

interface RowContext {
  ev: ViewEvaluator;
  resource: FhirResource;
}

function rowsOf(s: PreparedSelect, focus: unknown, rowIndex: number, ctx: RowContext): ViewRow[] {
  if (!s.iterate) return rowsAt(s, focus, rowIndex, ctx);
  const items = s.iterate(focus, ctx.ev.vars(ctx.resource, rowIndex));
  if (items.length === 0) return s.orNull ? rowsAt(s, NO_FOCUS, 0, ctx) : [];
  const out: ViewRow[] = [];
  items.forEach((item, i) => {
    for (const row of rowsAt(s, item, i, ctx)) out.push(row);
  });
  return out;
}

/** One focus: its own columns, crossed with each nested select, crossed with the union of the branches. */
function rowsAt(s: PreparedSelect, focus: unknown, rowIndex: number, ctx: RowContext): ViewRow[] {
  const vars = ctx.ev.vars(ctx.resource, rowIndex);
  const own: ViewRow = {};
  for (const c of s.columns) own[c.name] = columnValue(c, c.evaluate(focus, vars));
  let rows = [own];
  for (const nested of s.select) rows = product(rows, rowsOf(nested, focus, rowIndex, ctx));
  if (s.unionAll.length > 0) {
    rows = product(
      rows,
      s.unionAll.flatMap((b) => rowsOf(b, focus, rowIndex, ctx)),
    );
  }
  return rows;
}

function isIncluded(
  where: { evaluate: Evaluate; at: string }[],
  resource: FhirResource,
  ev: ViewEvaluator,
): boolean {
  for (const w of where) {
    const values = plainValues(w.evaluate(resource, ev.vars(resource, 0)));
    if (values.length > 1 || (values.length === 1 && typeof values[0] !== 'boolean')) {
      throw errors.badRequest('A where path must give a single boolean (or nothing).', [w.at]);
    }
    if (values[0] !== true) return false;
  }
  return true;
}

/** Validates and compiles a view once, for running over any number of resource batches. */
export function createViewRunner(view: unknown): ViewRunner {
  const checked: CheckedView = validateView(view);
  const ev = createViewEvaluator(checked.constants);
  const root = prepareSelect(checked.root, ev);
  const where = checked.where.map((w: ViewExpression) => ({ evaluate: ev.compile(w), at: w.at }));
  const names = checked.columns.map((c) => c.name);
  return {
    columns: checked.columns,
    *run(resources) {
      for (const resource of resources) {
        if (resource.resourceType !== checked.resource) continue;
        if (!isIncluded(where, resource, ev)) continue;
        for (const row of rowsOf(root, resource, 0, { ev, resource })) {
          // Rebuilt in declared column order, every column present (null when the path gave nothing).
          const ordered: ViewRow = {};
          for (const n of names) ordered[n] = row[n] ?? null;
          yield ordered;
        }
      }
    },
  };
}

/** Runs a ViewDefinition over resources in memory. Throws a FhirError (400) for an invalid view. */
export function runView(view: unknown, resources: Iterable<FhirResource>): ViewResult {
  const runner = createViewRunner(view);
  return { columns: runner.columns, rows: runner.run(resources) };
}
