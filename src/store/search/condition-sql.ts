import { errors } from '../../fhir/index.js';
import type {
  ComponentValue,
  IndexCondition,
  QuantityValue,
  RangeValue,
  TokenValue,
} from '../../fhir/search-request/index.js';
import { normalizeString } from '../../fhir/search-request/index.js';
import { escapeLike } from './sql-params.js';
import type { SqlParams } from './sql-params.js';

export const TABLE_OF_TYPE: Record<string, string> = {
  token: 'search_token',
  string: 'search_string',
  date: 'search_date',
  number: 'search_number',
  quantity: 'search_quantity',
  reference: 'search_reference',
  uri: 'search_uri',
  composite: 'search_composite',
};

/** A predicate over one row `x` of the condition's index table; alternatives are ORed. */
export function conditionSql(c: IndexCondition, x: string, p: SqlParams): string {
  switch (c.type) {
    case 'token':
      if (c.mode === 'text') {
        return anyOf(
          (c.text ?? []).map((t) => {
            const n = escapeLike(normalizeString(t));
            return `(${x}.display LIKE ${p.add(`${n}%`)} OR ${x}.display LIKE ${p.add(`% ${n}%`)})`;
          }),
        );
      }
      if (c.mode === 'of-type') {
        return anyOf(
          (c.ofType ?? []).map(
            (o) =>
              `(${x}.type_system = ${p.add(o.system)} AND ${x}.type_code = ${p.add(o.code)} AND ${x}.code = ${p.add(o.value)})`,
          ),
        );
      }
      return tokenSql(c.values, `${x}.system`, `${x}.code`, p);
    case 'string':
      return anyOf(
        c.values.map((v) => {
          if (c.mode === 'exact') return `${x}.value = ${p.add(v)}`;
          const n = escapeLike(normalizeString(v));
          return `${x}.norm LIKE ${p.add(c.mode === 'contains' ? `%${n}%` : `${n}%`)}`;
        }),
      );
    case 'date':
      return anyOf(c.values.map((v) => rangeSql(`${x}.low`, `${x}.high`, v, p, 'timestamptz')));
    case 'number':
      return anyOf(c.values.map((v) => numberSql(`${x}.value`, v, p)));
    case 'quantity':
      return anyOf(
        c.values.map((v) => quantitySql(`${x}.value`, `${x}.system`, `${x}.code`, `${x}.unit`, v, p)),
      );
    case 'uri':
      return anyOf(
        c.values.map((v) => {
          if (c.mode === 'below')
            return `left(${x}.value, length(${p.add(v, 'text')})) = ${p.add(v, 'text')}`;
          if (c.mode === 'above') return `left(${p.add(v, 'text')}, length(${x}.value)) = ${x}.value`;
          return `${x}.value = ${p.add(v)}`;
        }),
      );
    case 'reference':
      if (c.mode === 'identifier') {
        return tokenSql(c.identifiers ?? [], `${x}.identifier_system`, `${x}.identifier_value`, p);
      }
      return anyOf(
        c.values.map((v) => {
          if (v.url !== undefined) {
            if (v.version) return `${x}.url = ${p.add(`${v.url}|${v.version}`)}`;
            return `(${x}.url = ${p.add(v.url)} OR ${x}.url LIKE ${p.add(`${escapeLike(v.url)}|%`)})`;
          }
          const parts = [`${x}.target_id = ${p.add(v.id)}`];
          if (v.targetType) parts.push(`${x}.target_type = ${p.add(v.targetType)}`);
          if (v.version) parts.push(`${x}.target_version = ${p.add(v.version)}`);
          return `(${parts.join(' AND ')})`;
        }),
      );
    case 'composite':
      return anyOf(
        c.values.map(
          (components) =>
            `(${components.map((cv, i) => componentSql(cv, `${x}.components->${i}`, p)).join(' AND ')})`,
        ),
      );
  }
}

function anyOf(parts: string[]): string {
  if (parts.length === 0) return 'FALSE';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function tokenSql(values: TokenValue[], system: string, code: string, p: SqlParams): string {
  const codesOnly = values.filter((v) => v.system === undefined && v.code !== undefined).map((v) => v.code!);
  const parts: string[] = [];
  if (codesOnly.length > 1) parts.push(`${code} = ANY(${p.add(codesOnly, 'text[]')})`);
  for (const v of values) {
    if (codesOnly.length > 1 && v.system === undefined) continue;
    const and: string[] = [];
    if (v.system === null) and.push(`${system} IS NULL`);
    else if (v.system !== undefined) and.push(`${system} = ${p.add(v.system)}`);
    if (v.code !== undefined) and.push(`${code} = ${p.add(v.code)}`);
    parts.push(and.length === 1 ? and[0]! : `(${and.join(' AND ')})`);
  }
  return anyOf(parts);
}

/**
 * Range semantics of the FHIR search spec: the target covers [low, high) and so does the search value.
 * eq: the search range contains the target; gt/lt: the target reaches beyond the search range;
 * sa/eb: the target starts after / ends before it; ap: they overlap, widened by 10% of the distance
 * from now (at least a day).
 */
export function rangeSql(low: string, high: string, v: RangeValue, p: SqlParams, cast: string): string {
  const sl = () => p.add(v.low, cast);
  const sh = () => p.add(v.high, cast);
  switch (v.prefix) {
    case 'eq': {
      // `low <= sh` follows from low <= high <= sh; stating it bounds the index scan on low, which
      // otherwise reads every later value (2 s → 9 ms for one birth date among a million Patients).
      const upper = sh();
      return `(${low} >= ${sl()} AND ${high} <= ${upper} AND ${low} <= ${upper})`;
    }
    case 'ne':
      return `NOT (${low} >= ${sl()} AND ${high} <= ${sh()})`;
    case 'gt':
      return `${high} > ${sh()}`;
    case 'lt':
      return `${low} < ${sl()}`;
    case 'ge':
      return `(${high} > ${sh()} OR (${low} >= ${sl()} AND ${high} <= ${sh()}))`;
    case 'le':
      return `(${low} < ${sl()} OR (${low} >= ${sl()} AND ${high} <= ${sh()}))`;
    case 'sa':
      return `${low} >= ${sh()}`;
    case 'eb':
      return `${high} <= ${sl()}`;
    case 'ap': {
      const l = Date.parse(v.low);
      const h = Date.parse(v.high);
      const widen = Math.max(Math.abs(Date.now() - l) * 0.1, 86_400_000);
      return `(${low} < ${p.add(new Date(h + widen).toISOString(), cast)} AND ${high} > ${p.add(new Date(l - widen).toISOString(), cast)})`;
    }
  }
}

/** Numbers compare the target's value with the search value (eq uses the value's precision range). */
export function numberSql(value: string, v: RangeValue, p: SqlParams): string {
  const n = () => p.add(v.value, 'numeric');
  switch (v.prefix) {
    case 'eq':
      return `(${value} >= ${p.add(v.low, 'numeric')} AND ${value} < ${p.add(v.high, 'numeric')})`;
    case 'ne':
      return `NOT (${value} >= ${p.add(v.low, 'numeric')} AND ${value} < ${p.add(v.high, 'numeric')})`;
    case 'gt':
    case 'sa':
      return `${value} > ${n()}`;
    case 'lt':
    case 'eb':
      return `${value} < ${n()}`;
    case 'ge':
      return `${value} >= ${n()}`;
    case 'le':
      return `${value} <= ${n()}`;
    case 'ap': {
      const x = n();
      return `${value} BETWEEN least(${x} * 0.9, ${x} * 1.1) AND greatest(${x} * 0.9, ${x} * 1.1)`;
    }
  }
}

function quantitySql(
  value: string,
  system: string,
  code: string,
  unit: string,
  v: QuantityValue,
  p: SqlParams,
): string {
  const parts = [numberSql(value, v, p)];
  if (v.system !== undefined && v.system !== null) parts.push(`${system} = ${p.add(v.system)}`);
  if (v.code !== undefined) {
    // number||unit matches the coded unit or the human-readable one.
    parts.push(
      v.system ? `${code} = ${p.add(v.code)}` : `(${code} = ${p.add(v.code)} OR ${unit} = ${p.add(v.code)})`,
    );
  }
  return `(${parts.join(' AND ')})`;
}

function componentSql(cv: ComponentValue, c: string, p: SqlParams): string {
  const text = (field: string) => `(${c}->>'${field}')`;
  switch (cv.type) {
    case 'token':
      return tokenSql([cv.token], text('system'), text('code'), p);
    case 'string':
      return `lower(${text('value')}) LIKE ${p.add(`${escapeLike(normalizeString(cv.value))}%`)}`;
    case 'uri':
      return `${text('value')} = ${p.add(cv.value)}`;
    case 'date':
      return rangeSql(
        `coalesce(${text('low')}::timestamptz, '-infinity')`,
        `coalesce(${text('high')}::timestamptz, 'infinity')`,
        cv.range,
        p,
        'timestamptz',
      );
    case 'number':
      return numberSql(`${text('value')}::numeric`, cv.range, p);
    case 'quantity':
      return quantitySql(
        `${text('value')}::numeric`,
        text('system'),
        text('code'),
        text('unit'),
        cv.quantity,
        p,
      );
    case 'reference': {
      const r = cv.reference;
      if (r.id === undefined) throw errors.invalidParameter('A composite reference component needs Type/id.');
      const parts = [`${text('targetId')} = ${p.add(r.id)}`];
      if (r.targetType) parts.push(`${text('targetType')} = ${p.add(r.targetType)}`);
      return `(${parts.join(' AND ')})`;
    }
  }
}
