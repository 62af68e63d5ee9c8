/**
 * How the SQL compiler represents a FHIRPath collection while it builds a query. FHIRPath navigation is
 * kept as an SQL/JSON path (`jsonb_path_query(root, '$."name"[*]."family"')`), whose lax mode flattens
 * arrays the way FHIRPath does; values computed in SQL (strings, numbers, booleans) are kept as plain SQL
 * expressions. SQL NULL always stands for the empty collection.
 */
import { settleChoice, startChain } from './jsonpath-chain.js';
import type { PathChain } from './jsonpath-chain.js';
import type { SqlParams } from './sql-params.js';

export type SqlValue =
  | { kind: 'path'; root: string; chain: PathChain }
  /** One JSON item, or NULL. */
  | { kind: 'json'; sql: string; type?: string }
  | { kind: 'text'; sql: string; type?: string }
  | { kind: 'num'; sql: string; integer: boolean }
  | { kind: 'bool'; sql: string }
  /** A jsonb array: a collection computed in SQL. */
  | { kind: 'array'; sql: string; type?: string }
  | { kind: 'empty' };

export type PathValue = Extract<SqlValue, { kind: 'path' }>;

/** The value as a path over one root item, so that navigation can continue from it. */
export function asPath(v: SqlValue): PathValue {
  switch (v.kind) {
    case 'path':
      return v;
    case 'json':
      return { kind: 'path', root: v.sql, chain: startChain('$', v.type) };
    case 'array': {
      const chain = startChain('$', v.type);
      return { kind: 'path', root: v.sql, chain: { ...chain, text: '$[*]', one: false } };
    }
    case 'text':
      return { kind: 'path', root: `to_jsonb(${v.sql})`, chain: startChain('$', v.type ?? 'string') };
    case 'num':
      return { kind: 'path', root: `to_jsonb(${v.sql})`, chain: startChain('$', 'decimal') };
    case 'bool':
      return { kind: 'path', root: `to_jsonb(${v.sql})`, chain: startChain('$', 'boolean') };
    case 'empty':
      return { kind: 'path', root: 'NULL::jsonb', chain: startChain('$') };
  }
}

export type PathFunction =
  'jsonb_path_query' | 'jsonb_path_query_first' | 'jsonb_path_query_array' | 'jsonb_path_exists';

export function pathCall(fn: PathFunction, v: PathValue, params: SqlParams): string {
  const chain = settleChoice(v.chain);
  const args = [v.root, params.jsonPath(chain.text)];
  if (chain.vars) args.push(params.varsArgument());
  return `${fn}(${args.join(', ')})`;
}

/** At most one item, statically. */
export function isOne(v: SqlValue): boolean {
  if (v.kind === 'path') return v.chain.one;
  return v.kind !== 'array';
}

/** The FHIR type of the items, where known (`bool`/`num`/`text` values are typed by construction). */
export function valueType(v: SqlValue): string | undefined {
  switch (v.kind) {
    case 'path':
      return v.chain.type;
    case 'json':
    case 'array':
      return v.type;
    case 'text':
      return v.type ?? 'string';
    case 'num':
      return v.integer ? 'integer' : 'decimal';
    case 'bool':
      return 'boolean';
    case 'empty':
      return undefined;
  }
}

/** A single-item value as one jsonb item (or NULL). Only for values that are one by `isOne`. */
export function asJsonOne(v: SqlValue, params: SqlParams): string {
  switch (v.kind) {
    case 'path':
      return v.chain.text === '$' && !v.chain.choice ? v.root : pathCall('jsonb_path_query_first', v, params);
    case 'json':
      return v.sql;
    case 'text':
    case 'num':
    case 'bool':
      return `to_jsonb(${v.sql})`;
    case 'array':
      return `(${v.sql} -> 0)`;
    case 'empty':
      return 'NULL::jsonb';
  }
}

/** Any value as a jsonb array of its items (`[]` when empty). */
export function asArray(v: SqlValue, params: SqlParams): string {
  switch (v.kind) {
    case 'path':
      // A NULL root (the empty focus of a forEachOrNull row) gives NULL, not `[]`.
      return `coalesce(${pathCall('jsonb_path_query_array', v, params)}, '[]'::jsonb)`;
    case 'array':
      return v.sql;
    case 'empty':
      return `'[]'::jsonb`;
    default: {
      // jsonb_path_query_array of NULL is NULL, of an item `[item]`: the item evaluated once.
      return `coalesce(jsonb_path_query_array(${asJsonOne(v, params)}, ${params.jsonPath('$')}), '[]'::jsonb)`;
    }
  }
}
