/**
 * The FHIRPath functions the SQL compiler translates: the ViewDefinition subset (`where`, `exists`,
 * `empty`, `not`, `first`, `ofType`, `extension`, `join`, `getResourceKey`, `getReferenceKey`) and a few
 * cheap extras (`last`, `count`, `lowBoundary`/`highBoundary` of dates and times). Others throw Untranslatable.
 */
import type { FpNode } from './fhirpath-ast.js';
import { typeNameArg } from './fhirpath-ast.js';
import { isResourceType } from './fhir-model.js';
import { boundary } from './sql-boundaries.js';
import { filterStep, indexStep, memberStep, ofTypeStep } from './jsonpath-chain.js';
import { wherePredicate } from './jsonpath-predicate.js';
import { UUID_ID_START, UUID_REFERENCE_PATTERN, literalReferencePattern } from './reference-key.js';
import type { Compile, ExprContext, Scope } from './sql-expression.js';
import { sqlBool } from './sql-operators.js';
import { Untranslatable } from './untranslatable.js';
import { asArray, asJsonOne, asPath, isOne, pathCall } from './sql-value.js';
import type { SqlValue } from './sql-value.js';

type CallNode = Extract<FpNode, { kind: 'call' }>;

/** `base[index]` (and `first()`): a path step where possible, else an element of the computed array. */
export function indexValue(base: SqlValue, index: number, ctx: ExprContext): SqlValue {
  if (base.kind === 'empty') return base;
  if (base.kind !== 'path' && base.kind !== 'array') return index === 0 ? base : { kind: 'empty' };
  const p = asPath(base);
  if (isOne(p)) return index === 0 ? p : { kind: 'empty' };
  const step = indexStep(p.chain, index);
  if (step) return { kind: 'path', root: p.root, chain: step };
  const array = asArray(base, ctx.params);
  const json: SqlValue = { kind: 'json', sql: `(${array} -> ${ctx.params.value(index, 'integer')})` };
  if (p.chain.type !== undefined) json.type = p.chain.type;
  return json;
}

function existsSql(v: SqlValue, ctx: ExprContext): string {
  switch (v.kind) {
    case 'path':
      // jsonb_path_exists of a NULL root (a forEachOrNull row with nothing) is NULL; FHIRPath says false.
      return `coalesce(${pathCall('jsonb_path_exists', v, ctx.params)}, false)`;
    case 'array':
      return `(jsonb_array_length(${v.sql}) > 0)`;
    case 'empty':
      return 'false';
    default:
      return `(${v.sql} IS NOT NULL)`;
  }
}

function whereValue(
  base: SqlValue,
  criteria: FpNode,
  scope: Scope,
  ctx: ExprContext,
  compile: Compile,
): SqlValue {
  if (base.kind === 'empty') return base;
  const p = asPath(base);
  const restore = ctx.params.checkpoint();
  try {
    const predicate = wherePredicate(criteria, p.chain.type, ctx);
    return { kind: 'path', root: p.root, chain: filterStep(p.chain, predicate.text, predicate.vars) };
  } catch (e) {
    if (!(e instanceof Untranslatable)) throw e;
    restore();
  }
  // Criteria beyond the jsonpath subset: filter the items in SQL, keeping their order.
  const w = ctx.alias('_w');
  const item: SqlValue = { kind: 'json', sql: `${w}.v` };
  if (p.chain.type !== undefined) item.type = p.chain.type;
  const test = sqlBool(compile(criteria, { ...scope, focus: item }), ctx.params);
  const sql =
    `(SELECT coalesce(jsonb_agg(${w}.v ORDER BY ${w}.o), '[]'::jsonb) ` +
    `FROM ${pathCall('jsonb_path_query', p, ctx.params)} WITH ORDINALITY AS ${w}(v, o) WHERE ${test})`;
  return p.chain.type === undefined ? { kind: 'array', sql } : { kind: 'array', sql, type: p.chain.type };
}

/** A string argument: a literal or a string constant. */
function stringArg(node: FpNode | undefined, ctx: ExprContext): string | undefined {
  if (node?.kind === 'string') return node.value;
  if (node?.kind === 'constant') {
    const c = ctx.constants.get(node.name);
    if (c && typeof c.value === 'string') return c.value;
  }
  return undefined;
}

/**
 * SQL text of the key a Reference (one item) points at, by the in-memory runner's rules (reference-key.ts):
 * pattern tests without capture groups, then the id cut out with split_part.
 */
function referenceKeySql(ref: SqlValue, type: string | undefined, ctx: ExprContext): string {
  const p = asPath(ref);
  const field = (name: string) =>
    `(${asJsonOne({ ...p, chain: memberStep(p.chain, name) }, ctx.params)} #>> '{}')`;
  const r = field('reference');
  const isUuid = `${r} ~ ${ctx.params.value(UUID_REFERENCE_PATTERN, 'text')}`;
  const isLiteral = `${r} ~ ${ctx.params.value(literalReferencePattern(type), 'text')}`;
  const uuidKey = `substr(${r}, ${UUID_ID_START})`;
  const literalKey = `CASE WHEN split_part(${r}, '/', -2) = '_history' THEN split_part(${r}, '/', -3) ELSE split_part(${r}, '/', -1) END`;
  const uuidMatches = type === undefined ? 'true' : `${field('type')} = ${ctx.params.value(type, 'text')}`;
  return `(CASE WHEN ${isUuid} THEN CASE WHEN ${uuidMatches} THEN ${uuidKey} END WHEN ${isLiteral} THEN ${literalKey} END)`;
}

function referenceKeys(base: SqlValue, type: string | undefined, ctx: ExprContext): SqlValue {
  if (base.kind === 'empty') return base;
  if (isOne(base)) return { kind: 'text', sql: referenceKeySql(base, type, ctx) };
  const e = ctx.alias('_e');
  const k = ctx.alias('_k');
  const sql =
    `(SELECT coalesce(jsonb_agg(to_jsonb(${k}.key) ORDER BY ${e}.o), '[]'::jsonb) ` +
    `FROM ${pathCall('jsonb_path_query', asPath(base), ctx.params)} WITH ORDINALITY AS ${e}(v, o) ` +
    `CROSS JOIN LATERAL (SELECT ${referenceKeySql({ kind: 'json', sql: `${e}.v`, type: 'Reference' }, type, ctx)} AS key) AS ${k} WHERE ${k}.key IS NOT NULL)`;
  return { kind: 'array', sql, type: 'string' };
}

function isResource(v: SqlValue, scope: Scope): boolean {
  if (v === scope.resource) return true;
  return v.kind === 'json' && scope.resource.kind === 'json' && v.sql === scope.resource.sql;
}

export function callFunction(node: CallNode, scope: Scope, ctx: ExprContext, compile: Compile): SqlValue {
  const { name, args } = node;
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max)
      throw new Untranslatable(`${name}() with ${args.length} argument(s)`);
  };
  const base = compile(node.base, scope);
  switch (name) {
    case 'where':
      arity(1);
      return whereValue(base, args[0]!, scope, ctx, compile);
    case 'exists': {
      arity(0, 1);
      const v = args[0] ? whereValue(base, args[0], scope, ctx, compile) : base;
      return { kind: 'bool', sql: existsSql(v, ctx) };
    }
    case 'empty':
      arity(0);
      return { kind: 'bool', sql: `(NOT ${existsSql(base, ctx)})` };
    case 'not':
      arity(0);
      return { kind: 'bool', sql: `(NOT ${sqlBool(base, ctx.params)})` };
    case 'first':
      arity(0);
      return indexValue(base, 0, ctx);
    case 'last':
      arity(0);
      return isOne(base) ? base : { kind: 'json', sql: `(${asArray(base, ctx.params)} -> -1)` };
    case 'count':
      arity(0);
      return { kind: 'num', sql: `jsonb_array_length(${asArray(base, ctx.params)})`, integer: true };
    case 'ofType': {
      arity(1);
      const t = typeNameArg(args[0]);
      if (!t) throw new Untranslatable('ofType() needs a type name');
      if (base.kind === 'empty') return base;
      const p = asPath(base);
      return { kind: 'path', root: p.root, chain: ofTypeStep(p.chain, t, () => ctx.params.pathVariable(t)) };
    }
    case 'extension': {
      arity(1);
      const url = stringArg(args[0], ctx);
      if (url === undefined) throw new Untranslatable('extension() needs a url literal or constant');
      if (base.kind === 'empty') return base;
      const p = asPath(base);
      const ext = memberStep(p.chain, 'extension');
      return {
        kind: 'path',
        root: p.root,
        chain: filterStep(ext, `@."url" == ${ctx.params.pathVariable(url)}`, true),
      };
    }
    case 'join': {
      arity(0, 1);
      const separator = args[0] ? stringArg(args[0], ctx) : '';
      if (separator === undefined) throw new Untranslatable('join() needs a separator literal or constant');
      if (base.kind === 'empty') return { kind: 'text', sql: `''` };
      const j = ctx.alias('_j');
      const items = `${pathCall('jsonb_path_query', asPath(base), ctx.params)} WITH ORDINALITY AS ${j}(v, o)`;
      const agg = `string_agg(${j}.v #>> '{}', ${ctx.params.value(separator, 'text')} ORDER BY ${j}.o)`;
      return { kind: 'text', sql: `coalesce((SELECT ${agg} FROM ${items}), '')` };
    }
    case 'getResourceKey':
      arity(0);
      if (!isResource(base, scope))
        throw new Untranslatable('getResourceKey() on something other than the resource');
      return { kind: 'text', sql: scope.resourceKey };
    case 'getReferenceKey': {
      arity(0, 1);
      const type = args[0] ? typeNameArg(args[0]) : undefined;
      if (args[0] && !(type && isResourceType(type)))
        throw new Untranslatable('getReferenceKey() needs a resource type name');
      return referenceKeys(base, type, ctx);
    }
    case 'lowBoundary':
    case 'highBoundary':
      arity(0);
      return boundary(base, name === 'highBoundary', ctx);
    default:
      throw new Untranslatable(`the function ${name}()`);
  }
}
