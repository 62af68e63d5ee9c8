/**
 * `lowBoundary()` / `highBoundary()` of dates, dateTimes and times in SQL, giving exactly what the
 * in-memory runner gives: missing date parts become the first/last month or day, missing seconds'
 * fractions `.000`/`.999` (a fraction is cut or padded to milliseconds), and a dateTime without a zone
 * takes the widest one (+14:00 low, -12:00 high). Decimals are left to the in-memory runner: their
 * precision is the number of digits written, which the engine and PostgreSQL count differently.
 */
import { primitiveKind } from './fhir-model.js';
import type { ExprContext } from './sql-expression.js';
import { Untranslatable } from './untranslatable.js';
import { asJsonOne, asPath, isOne, pathCall, valueType } from './sql-value.js';
import type { SqlValue } from './sql-value.js';

/** The date part (up to 10 characters) widened to a full date. */
function datePart(d: string, high: boolean): string {
  if (!high) return `CASE length(${d}) WHEN 4 THEN ${d} || '-01-01' WHEN 7 THEN ${d} || '-01' ELSE ${d} END`;
  const lastDay = `to_char((${d} || '-01')::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD')`;
  return `CASE length(${d}) WHEN 4 THEN ${d} || '-12-31' WHEN 7 THEN ${lastDay} ELSE ${d} END`;
}

/** `hh:mm:ss` (m[1]) with its fraction (m[2]) as milliseconds, or the widest ones when absent. */
function clockPart(m: string, high: boolean): string {
  return `${m}[1] || '.' || CASE WHEN ${m}[2] IS NULL THEN '${high ? '999' : '000'}' ELSE rpad(left(${m}[2], 3), 3, '0') END`;
}

export function boundary(base: SqlValue, high: boolean, ctx: ExprContext): SqlValue {
  if (base.kind === 'empty') return base;
  const type = valueType(base);
  const kind = primitiveKind(type);
  if (kind !== 'date' && kind !== 'dateTime' && kind !== 'time') {
    throw new Untranslatable(`${high ? 'highBoundary' : 'lowBoundary'}() of ${kind ?? 'an unknown type'}`);
  }
  if (!isOne(base)) {
    // Item by item, keeping the order.
    const e = ctx.alias('_be');
    const item: SqlValue =
      type === undefined ? { kind: 'json', sql: `${e}.v` } : { kind: 'json', sql: `${e}.v`, type };
    const each = asJsonOne(boundary(item, high, ctx), ctx.params);
    const items = `${pathCall('jsonb_path_query', asPath(base), ctx.params)} WITH ORDINALITY AS ${e}(v, o)`;
    const sql = `(SELECT coalesce(jsonb_agg(${each} ORDER BY ${e}.o), '[]'::jsonb) FROM ${items})`;
    return type === undefined ? { kind: 'array', sql } : { kind: 'array', sql, type };
  }
  const b = ctx.alias('_bd');
  const s = `${b}.s`;
  const m = `${b}.m`;
  const zone = high ? `'-12:00'` : `'+14:00'`;
  let sql: string;
  if (kind === 'date') {
    sql = datePart(s, high);
  } else if (kind === 'time') {
    sql = clockPart(m, high);
  } else {
    const midnight = high ? `'T23:59:59.999'` : `'T00:00:00.000'`;
    sql =
      `CASE WHEN length(${s}) <= 10 THEN ${datePart(s, high)} || ${midnight} || ${zone} ` +
      `ELSE left(${s}, 11) || ${clockPart(m, high)} || CASE WHEN ${m}[3] = '' THEN ${zone} ELSE ${m}[3] END END`;
  }
  // m: the clock (hh:mm:ss), the fraction's digits, and what follows (the zone). A dateTime's clock
  // starts after `YYYY-MM-DDT`. (No bounded repetitions: PostgreSQL rebuilds their states per row.)
  const clock = ctx.params.value('^([0-9:]+)(?:\\.([0-9]+))?(.*)$', 'text');
  const text = `(${asJsonOne(base, ctx.params)} #>> '{}')`;
  const i = ctx.alias('_bi');
  const clockText = kind === 'time' ? `${i}.s` : `substr(${i}.s, 12)`;
  const parts = `SELECT ${i}.s, regexp_match(${clockText}, ${clock}) AS m FROM (SELECT ${text} AS s OFFSET 0) AS ${i}`;
  const out: SqlValue = { kind: 'text', sql: `(SELECT ${sql} FROM (${parts}) AS ${b})` };
  if (type !== undefined) out.type = type;
  return out;
}
