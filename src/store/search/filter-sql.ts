import { errors } from '../../fhir/index.js';
import type { Filter } from '../../fhir/search-request/index.js';
import { normalizeString } from '../../fhir/search-request/index.js';
import { conditionSql, rangeSql, TABLE_OF_TYPE } from './condition-sql.js';
import type { SqlParams } from './sql-params.js';
import type { AccessRule } from '../access-rule.js';
import { accessSql } from './access-sql.js';

/**
 * Joins an index row `x` to resource row `r`, patient key first so the join stays co-located. When the
 * type is known it is given as a value, so the planner can use the index's leading column.
 */
function joined(x: string, r: string, p: SqlParams, types: string[] | undefined): string {
  const type = types?.length === 1 ? p.add(types[0]) : `${r}.resource_type`;
  return `${x}.patient_key = ${r}.patient_key AND ${x}.resource_type = ${type} AND ${x}.id = ${r}.id`;
}

/**
 * A predicate that is true when resource row `r` matches the filter. `depth` keeps aliases unique
 * through chains and `_has`.
 */
export function filterSql(
  f: Filter,
  r: string,
  p: SqlParams,
  types?: string[],
  depth = 0,
  access?: AccessRule,
): string {
  const x = `x${depth}`;
  switch (f.kind) {
    case 'id': {
      const sql = `${r}.id = ANY(${p.add(f.values, 'text[]')})`;
      return f.negate ? `NOT (${sql})` : sql;
    }
    case 'last-updated':
      return `(${f.values
        .map((v) =>
          rangeSql(
            `${r}.last_updated`,
            `(${r}.last_updated + interval '1 millisecond')`,
            v,
            p,
            'timestamptz',
          ),
        )
        .join(' OR ')})`;
    case 'index': {
      const table = TABLE_OF_TYPE[f.condition.type]!;
      const negate = f.condition.type === 'token' && f.condition.mode === 'not';
      const condition = negate
        ? conditionSql({ ...f.condition, mode: 'match' } as typeof f.condition, x, p)
        : conditionSql(f.condition, x, p);
      const exists = `EXISTS (SELECT 1 FROM ${table} ${x} WHERE ${joined(x, r, p, types)} AND ${x}.param = ${p.add(f.param)} AND ${condition})`;
      return negate ? `NOT ${exists}` : exists;
    }
    case 'missing': {
      const table = TABLE_OF_TYPE[f.paramType];
      if (!table) throw errors.invalidParameter(`${f.param}:missing is not supported for this parameter.`);
      const exists = `EXISTS (SELECT 1 FROM ${table} ${x} WHERE ${joined(x, r, p, types)} AND ${x}.param = ${p.add(f.param)})`;
      return f.missing ? `NOT ${exists}` : exists;
    }
    case 'chain': {
      const t = `r${depth + 1}`;
      return `EXISTS (SELECT 1 FROM search_reference ${x} JOIN resource ${t}
        ON ${t}.resource_type = ${x}.target_type AND ${t}.id = ${x}.target_id AND NOT ${t}.deleted
        WHERE ${joined(x, r, p, types)} AND ${x}.param = ${p.add(f.param)} AND ${x}.target_type = ANY(${p.add(f.targetTypes, 'text[]')})
        AND ${access ? `${accessSql(access, t, p)} AND ` : ''}${filterSql(f.filter, t, p, f.targetTypes, depth + 1, access)})`;
    }
    case 'has': {
      const t = `r${depth + 1}`;
      return `EXISTS (SELECT 1 FROM search_reference ${x} JOIN resource ${t}
        ON ${t}.patient_key = ${x}.patient_key AND ${t}.resource_type = ${x}.resource_type AND ${t}.id = ${x}.id AND NOT ${t}.deleted
        WHERE ${x}.resource_type = ${p.add(f.sourceType)} AND ${x}.param = ${p.add(f.param)}
        AND ${x}.target_type = ${r}.resource_type AND ${x}.target_id = ${r}.id
        AND ${access ? `${accessSql(access, t, p)} AND ` : ''}${filterSql(f.filter, t, p, [f.sourceType], depth + 1, access)})`;
    }
    case 'text': {
      const column = f.field === 'narrative' ? 'narrative' : 'content';
      const alternatives = f.values.map(
        (v) => `${x}.${column} @@ plainto_tsquery('simple', ${p.add(normalizeString(v))})`,
      );
      return `EXISTS (SELECT 1 FROM search_text ${x} WHERE ${joined(x, r, p, types)} AND (${alternatives.join(' OR ')}))`;
    }
    case 'list':
      return `EXISTS (SELECT 1 FROM search_reference ${x} JOIN resource l${depth}
        ON l${depth}.resource_type = 'List' AND l${depth}.id = ${x}.id AND NOT l${depth}.deleted
        WHERE ${x}.resource_type = 'List' AND ${x}.id = ANY(${p.add(f.listIds, 'text[]')}) AND ${x}.param = 'item'
        AND ${x}.target_type = ${r}.resource_type AND ${x}.target_id = ${r}.id
        ${access ? `AND ${accessSql(access, `l${depth}`, p)}` : ''})`;
    case 'compartment': {
      const member = `EXISTS (SELECT 1 FROM search_reference ${x} WHERE ${joined(x, r, p, types)}
        AND ${x}.param = ANY(${p.add(f.params, 'text[]')}) AND ${x}.target_type = ${p.add(f.ownerType)}
        AND ${x}.target_id = ${p.add(f.ownerId)})`;
      if (!f.includeOwner) return member;
      return `((${r}.resource_type = ${p.add(f.ownerType)} AND ${r}.id = ${p.add(f.ownerId)}) OR ${member})`;
    }
    case 'value-set':
      throw errors.internal('A value set filter reached the store unexpanded.');
  }
}
