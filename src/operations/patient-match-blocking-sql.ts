import { errors, FhirError } from '../fhir/index.js';
import type { Filter, ParamLookup } from '../fhir/search-request/index.js';
import { normalizeString, parseSearch } from '../fhir/search-request/index.js';
import { SqlParams } from '../store/index.js';
import type { BlockingQuery } from './patient-match-blocking.js';

export interface BlockingStatement {
  sql: string;
  params: unknown[];
  /** Rows each pass may return: a pass returning this many was cut. */
  perPass: number;
}

const TABLE = { token: 'search_token', string: 'search_string', date: 'search_date' } as const;
/** Parameter codes are inlined so the planner sees them and can use the MPI's partial indexes. */
const PARAM_CODE = /^[a-z][a-z0-9-]{0,63}$/;

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
const anyOf = (parts: string[]) =>
  parts.length === 0 ? 'FALSE' : parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;

/**
 * The predicate of one condition of a pass over a row `x` of its index table, with the search
 * semantics of the store: tokens on system and code, strings case- and accent-insensitive from the
 * start (or exactly, or anywhere), dates `eq` as containment (with the upper bound on `low` stated,
 * so the index scan is bounded at both ends). A `probe` is checked for one record at a time.
 */
function condition(
  filter: Filter,
  x: string,
  p: SqlParams,
  probe: boolean,
): { table: string; where: string } {
  if (filter.kind !== 'index' || !PARAM_CODE.test(filter.param))
    throw errors.internal(`A blocking pass cannot use a ${filter.kind} filter.`);
  const c = filter.condition;
  let predicate: string;
  if (c.type === 'token' && c.mode === 'match') {
    predicate = anyOf(
      c.values.map((v) => {
        const and: string[] = [];
        if (v.system === null) and.push(`${x}.system IS NULL`);
        else if (v.system !== undefined) and.push(`${x}.system = ${p.add(v.system)}`);
        if (v.code !== undefined) and.push(`${x}.code = ${p.add(v.code)}`);
        return and.length === 0 ? 'TRUE' : `(${and.join(' AND ')})`;
      }),
    );
  } else if (c.type === 'string') {
    predicate = anyOf(
      c.values.map((v) => {
        if (c.mode === 'exact') return `${x}.value = ${p.add(v)}`;
        if (!probe) {
          const n = escapeLike(normalizeString(v));
          return `${x}.norm LIKE ${p.add(c.mode === 'contains' ? `%${n}%` : `${n}%`)}`;
        }
        // The same test in a form the value index cannot serve, so a check is made by record id.
        const n = p.add(normalizeString(v), 'text');
        return c.mode === 'contains'
          ? `strpos(${x}.norm, ${n}) > 0`
          : `left(${x}.norm, char_length(${n})) = ${n}`;
      }),
    );
  } else if (c.type === 'date' && c.values.every((v) => v.prefix === 'eq')) {
    predicate = anyOf(
      c.values.map((v) => {
        const upper = p.add(v.high, 'timestamptz');
        return `(${x}.low >= ${p.add(v.low, 'timestamptz')} AND ${x}.high <= ${upper} AND ${x}.low <= ${upper})`;
      }),
    );
  } else {
    throw errors.internal(`A blocking pass cannot search ${filter.param} that way.`);
  }
  return {
    table: `${TABLE[c.type]} ${x}`,
    where: `${x}.resource_type = 'Patient' AND ${x}.param = '${filter.param}' AND ${predicate}`,
  };
}

const isDate = (f: Filter) => f.kind === 'index' && f.condition.type === 'date';

/**
 * One pass as SQL. It is driven by its birth date (a day holds a few dozen Patients in a million, a
 * month under a thousand) or else by its first condition, and each other condition is checked per
 * driving row through an index on the record's id (`LATERAL … LIMIT 1`, which also keeps a record
 * with two matching names to one row). Left to itself the planner hashes a common 3-letter family
 * prefix instead (61,000 index entries for "bra", 8–15 ms, against ~2 ms for 900 lookups), or, when
 * it underestimates a given name, scans all its entries once per driving row (0.6 s).
 */
function passSql(filters: Filter[], pass: number, p: SqlParams, limit: number): string {
  const driver = filters.find(isDate) ?? filters[0]!;
  const d = condition(driver, 'd', p, false);
  const checks = filters
    .filter((f) => f !== driver)
    .map((f, i) => {
      const c = condition(f, `x${i}`, p, true);
      return `CROSS JOIN LATERAL (SELECT 1 FROM ${c.table}
        WHERE x${i}.patient_key = d.patient_key AND x${i}.id = d.id AND ${c.where} LIMIT 1) c${i}`;
    });
  return `(SELECT d.id, ${pass} AS pass FROM ${d.table} ${checks.join(' ')}
    WHERE ${d.where} LIMIT ${limit})`;
}

/**
 * All blocking passes as one statement over the index tables alone (the `resource` table is not
 * read, so a pass costs index entries, not a heap row per Patient born that month), the passes
 * appended, each cut at `perPass` rows. Rows are (id, pass), ordered by pass; a Patient found by
 * several passes appears once per pass. Undefined when no pass can be searched. A value the search
 * syntax cannot carry only loses its pass, as in a search.
 */
export function blockingStatement(
  passes: BlockingQuery[],
  lookup: ParamLookup,
  base: string,
  perPass: number,
): BlockingStatement | undefined {
  const p = new SqlParams();
  const branches: string[] = [];
  passes.forEach((pass, index) => {
    let filters: Filter[];
    try {
      filters = parseSearch(['Patient'], new URLSearchParams(pass), { lookup, lenient: false, base }).filters;
    } catch (e) {
      if (e instanceof FhirError && e.status < 500) return;
      throw e;
    }
    if (filters.length > 0) branches.push(passSql(filters, index, p, perPass));
  });
  if (branches.length === 0) return undefined;
  return {
    sql: `SELECT id, pass FROM (${branches.join('\nUNION ALL\n')}) hits ORDER BY pass, id`,
    params: p.values,
    perPass,
  };
}
