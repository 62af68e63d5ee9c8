import type { SortKey } from '../../fhir/search-request/index.js';
import { TABLE_OF_TYPE } from './condition-sql.js';
import type { SqlParams } from './sql-params.js';

export interface SortExpression {
  /** A never-NULL SQL expression over resource row `r`. */
  sql: string;
  /** Its SQL type, for casting cursor values back. */
  cast: string;
  descending: boolean;
}

const COLUMN: Record<string, { asc: string; desc: string; cast: string }> = {
  date: { asc: 'min(x.low)', desc: 'max(x.high)', cast: 'timestamptz' },
  string: { asc: 'min(x.norm)', desc: 'max(x.norm)', cast: 'text' },
  token: { asc: 'min(x.code)', desc: 'max(x.code)', cast: 'text' },
  number: { asc: 'min(x.value)', desc: 'max(x.value)', cast: 'numeric' },
  quantity: { asc: 'min(x.value)', desc: 'max(x.value)', cast: 'numeric' },
  reference: { asc: 'min(x.target_id)', desc: 'max(x.target_id)', cast: 'text' },
  uri: { asc: 'min(x.value)', desc: 'max(x.value)', cast: 'text' },
};

/** Sentinels that put resources without a value last in either direction (and keep keyset paging NULL-free). */
const LAST: Record<string, { asc: string; desc: string }> = {
  timestamptz: { asc: `'infinity'::timestamptz`, desc: `'-infinity'::timestamptz` },
  text: { asc: `chr(1114111)`, desc: `''` },
  numeric: { asc: `'Infinity'::numeric`, desc: `'-Infinity'::numeric` },
};

/** The ORDER BY keys, ending with `seq` so the order is total and paging is stable. */
export function sortExpressions(sort: SortKey[], p: SqlParams): SortExpression[] {
  const keys = sort.map((s): SortExpression => {
    if (s.param === '_id') return { sql: 'r.id', cast: 'text', descending: s.descending };
    if (s.param === '_lastUpdated')
      return { sql: 'r.last_updated', cast: 'timestamptz', descending: s.descending };
    const column = COLUMN[s.paramType ?? 'string']!;
    const table = TABLE_OF_TYPE[s.paramType ?? 'string']!;
    const aggregate = s.descending ? column.desc : column.asc;
    const sentinel = LAST[column.cast]![s.descending ? 'desc' : 'asc'];
    return {
      sql: `coalesce((SELECT ${aggregate} FROM ${table} x WHERE x.patient_key = r.patient_key
        AND x.resource_type = r.resource_type AND x.id = r.id AND x.param = ${p.add(s.param)}), ${sentinel})`,
      cast: column.cast,
      descending: s.descending,
    };
  });
  const lastDescending = keys[0]?.descending ?? false;
  keys.push({ sql: 'r.seq', cast: 'bigint', descending: lastDescending });
  return keys;
}

/**
 * The keyset condition "strictly after `values` in this order" (or before, going backwards): a
 * lexicographic comparison that honours each key's direction.
 */
export function keysetSql(
  keys: SortExpression[],
  values: string[],
  backwards: boolean,
  p: SqlParams,
): string {
  const alternatives: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(`${keys[j]!.sql} = ${p.add(values[j], keys[j]!.cast)}`);
    const k = keys[i]!;
    const after = k.descending !== backwards ? '<' : '>';
    parts.push(`${k.sql} ${after} ${p.add(values[i], k.cast)}`);
    alternatives.push(`(${parts.join(' AND ')})`);
  }
  return `(${alternatives.join(' OR ')})`;
}

export function orderBySql(keys: SortExpression[], backwards: boolean): string {
  return keys.map((k) => `${k.sql} ${k.descending !== backwards ? 'DESC' : 'ASC'}`).join(', ');
}
