/**
 * FHIRPath operators in SQL. SQL's NULL logic is FHIRPath's empty-collection logic for `and`, `or`,
 * `not`, `implies` and for comparisons with an empty side, so most operators map directly; dates and
 * times compare by precision as FHIRPath requires.
 */
import type { BinaryOp } from './fhirpath-ast.js';
import { primitiveKind } from './fhir-model.js';
import type { PrimitiveKind } from './fhir-model.js';
import type { SqlParams } from './sql-params.js';
import { Untranslatable } from './untranslatable.js';
import { asArray, asJsonOne, isOne, valueType } from './sql-value.js';
import type { SqlValue } from './sql-value.js';

export interface OperatorContext {
  params: SqlParams;
  alias(prefix: string): string;
}

/** The value as an SQL boolean (NULL when empty); only values the R4 definitions say are boolean. */
export function sqlBool(v: SqlValue, params: SqlParams): string {
  if (v.kind === 'bool') return v.sql;
  if (v.kind === 'empty') return 'NULL::boolean';
  if (!isOne(v)) throw new Untranslatable('a boolean test of a collection');
  if (primitiveKind(valueType(v)) !== 'boolean')
    throw new Untranslatable('a boolean test of a non-boolean value');
  return `(${asJsonOne(v, params)})::boolean`;
}

function numOf(v: SqlValue, params: SqlParams): string {
  return v.kind === 'num' ? v.sql : `(${asJsonOne(v, params)})::numeric`;
}

function textOf(v: SqlValue, params: SqlParams): string {
  return v.kind === 'text' ? v.sql : `(${asJsonOne(v, params)} #>> '{}')`;
}

function kindOf(v: SqlValue): PrimitiveKind | undefined {
  return primitiveKind(valueType(v));
}

const isNumeric = (k: PrimitiveKind | undefined) => k === 'integer' || k === 'decimal';
const isTemporal = (k: PrimitiveKind | undefined) => k === 'date' || k === 'dateTime' || k === 'time';
const isString = (k: PrimitiveKind | undefined) => k === 'string';

const SQL_COMPARISON: Record<string, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};

/**
 * Dates and times: compared component by component down to the precision both have; equal so far but
 * of different precision is empty. Values with a time of day are compared as instants.
 */
function temporalComparison(
  op: string,
  l: SqlValue,
  r: SqlValue,
  ctx: OperatorContext,
  time: boolean,
): string {
  const sqlOp = SQL_COMPARISON[op]!;
  const t = ctx.alias('_t');
  const a = `${t}.a`;
  const b = `${t}.b`;
  const n = time ? `least(length(${a}), length(${b}))` : `least(length(${a}), length(${b}), 10)`;
  const instants = time
    ? ''
    : `WHEN length(${a}) > 10 AND length(${b}) > 10 THEN ${a}::timestamptz ${sqlOp} ${b}::timestamptz `;
  const prefixDiffers = `left(${a}, ${n}) <> left(${b}, ${n})`;
  const body =
    op === '=' || op === '!='
      ? `WHEN ${prefixDiffers} THEN ${op === '!='} WHEN length(${a}) = length(${b}) THEN ${op === '='}`
      : `WHEN ${prefixDiffers} THEN left(${a}, ${n}) COLLATE "C" ${sqlOp} left(${b}, ${n}) COLLATE "C" ` +
        `WHEN length(${a}) = length(${b}) THEN ${a} COLLATE "C" ${sqlOp} ${b} COLLATE "C"`;
  const pair = `SELECT ${textOf(l, ctx.params)} AS a, ${textOf(r, ctx.params)} AS b OFFSET 0`;
  return `(SELECT CASE ${instants}${body} END FROM (${pair}) AS ${t})`;
}

function comparison(op: BinaryOp, l: SqlValue, r: SqlValue, ctx: OperatorContext): SqlValue {
  if (l.kind === 'empty' || r.kind === 'empty') return { kind: 'bool', sql: 'NULL::boolean' };
  const equality = op === '=' || op === '!=';
  if (!isOne(l) || !isOne(r)) {
    if (!equality) throw new Untranslatable(`the ${op} comparison of collections`);
    // Collections are equal when they have the same items in the same order; empty on either side is empty.
    const a = asArray(l, ctx.params);
    const b = asArray(r, ctx.params);
    const t = ctx.alias('_q');
    const test = `CASE WHEN jsonb_array_length(${t}.a) = 0 OR jsonb_array_length(${t}.b) = 0 THEN NULL ELSE ${t}.a ${op === '=' ? '=' : '<>'} ${t}.b END`;
    return { kind: 'bool', sql: `(SELECT ${test} FROM (SELECT ${a} AS a, ${b} AS b OFFSET 0) AS ${t})` };
  }
  const lk = kindOf(l);
  const rk = kindOf(r);
  if (isTemporal(lk) || isTemporal(rk)) {
    if (!(isTemporal(lk) || isString(lk)) || !(isTemporal(rk) || isString(rk))) {
      throw new Untranslatable(`comparing ${lk ?? 'unknown'} with ${rk ?? 'unknown'}`);
    }
    return { kind: 'bool', sql: temporalComparison(op, l, r, ctx, lk === 'time' || rk === 'time') };
  }
  if (equality) {
    return {
      kind: 'bool',
      sql: `(${asJsonOne(l, ctx.params)} ${SQL_COMPARISON[op]} ${asJsonOne(r, ctx.params)})`,
    };
  }
  if (isNumeric(lk) && isNumeric(rk)) {
    return { kind: 'bool', sql: `(${numOf(l, ctx.params)} ${SQL_COMPARISON[op]} ${numOf(r, ctx.params)})` };
  }
  if (isString(lk) && isString(rk)) {
    const sql = `(${textOf(l, ctx.params)} COLLATE "C" ${SQL_COMPARISON[op]} ${textOf(r, ctx.params)} COLLATE "C")`;
    return { kind: 'bool', sql };
  }
  throw new Untranslatable(`the ${op} comparison of ${lk ?? 'unknown'} and ${rk ?? 'unknown'} values`);
}

function arithmetic(op: BinaryOp, l: SqlValue, r: SqlValue, ctx: OperatorContext): SqlValue {
  if (op === '&') {
    return {
      kind: 'text',
      sql: `(coalesce(${textOf(l, ctx.params)}, '') || coalesce(${textOf(r, ctx.params)}, ''))`,
    };
  }
  if (l.kind === 'empty' || r.kind === 'empty') return { kind: 'empty' };
  if (!isOne(l) || !isOne(r)) throw new Untranslatable(`${op} on collections`);
  const lk = kindOf(l);
  const rk = kindOf(r);
  if (op === '+' && isString(lk) && isString(rk)) {
    return { kind: 'text', sql: `(${textOf(l, ctx.params)} || ${textOf(r, ctx.params)})` };
  }
  if (!isNumeric(lk) || !isNumeric(rk))
    throw new Untranslatable(`${op} on ${lk ?? 'unknown'} and ${rk ?? 'unknown'}`);
  const a = numOf(l, ctx.params);
  const b = numOf(r, ctx.params);
  const integer = lk === 'integer' && rk === 'integer';
  switch (op) {
    case '/':
      // Division by zero is empty in FHIRPath, an error in SQL.
      return { kind: 'num', sql: `(${a} / NULLIF(${b}, 0))`, integer: false };
    case 'div':
      return { kind: 'num', sql: `div(${a}, NULLIF(${b}, 0))`, integer: true };
    case 'mod':
      return { kind: 'num', sql: `mod(${a}, NULLIF(${b}, 0))`, integer };
    default:
      return { kind: 'num', sql: `(${a} ${op} ${b})`, integer };
  }
}

export function binaryOperator(op: BinaryOp, l: SqlValue, r: SqlValue, ctx: OperatorContext): SqlValue {
  switch (op) {
    case 'and':
    case 'or':
      return {
        kind: 'bool',
        sql: `(${sqlBool(l, ctx.params)} ${op.toUpperCase()} ${sqlBool(r, ctx.params)})`,
      };
    case 'xor':
      return { kind: 'bool', sql: `(${sqlBool(l, ctx.params)} <> ${sqlBool(r, ctx.params)})` };
    case 'implies':
      return { kind: 'bool', sql: `(NOT ${sqlBool(l, ctx.params)} OR ${sqlBool(r, ctx.params)})` };
    case '=':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=':
      return comparison(op, l, r, ctx);
    case '+':
    case '-':
    case '*':
    case '/':
    case 'div':
    case 'mod':
    case '&':
      return arithmetic(op, l, r, ctx);
    default:
      throw new Untranslatable(`the ${op} operator`);
  }
}
