import type { SearchFilter, SearchQuery } from './resource-store.js';

export interface BuiltSearch {
  where: string;
  orderBy: string;
  params: unknown[];
}

/**
 * Compiles a parsed search into SQL over `resource r`. Values only ever travel as bind parameters;
 * the only text spliced in is fixed SQL from this file.
 */
export function buildSearchSql(q: SearchQuery): BuiltSearch {
  const params: unknown[] = [q.resourceType];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ['r.resource_type = $1', 'NOT r.deleted'];
  for (const f of q.filters) where.push(filterSql(f, p));
  const orderBy = (q.sort ?? [])
    .map((s) => `${s.by === '_id' ? 'r.id' : 'r.last_updated'} ${s.descending ? 'DESC' : 'ASC'}`)
    .concat('r.seq ASC')
    .join(', ');
  return { where: where.join(' AND '), orderBy, params };
}

function filterSql(f: SearchFilter, p: (v: unknown) => string): string {
  switch (f.kind) {
    case 'id':
      return `r.id = ANY(${p(f.values)}::text[])`;
    case 'token': {
      const alternatives = f.values.map((v) => {
        const parts: string[] = [];
        if (v.system === null) parts.push('t.system IS NULL');
        else if (v.system !== undefined) parts.push(`t.system = ${p(v.system)}`);
        if (v.code !== undefined) parts.push(`t.code = ${p(v.code)}`);
        return parts.length > 0 ? `(${parts.join(' AND ')})` : 'TRUE';
      });
      return `EXISTS (SELECT 1 FROM search_token t WHERE t.patient_key = r.patient_key
        AND t.resource_type = r.resource_type AND t.id = r.id AND t.param = ${p(f.param)}
        AND (${alternatives.join(' OR ')}))`;
    }
    case 'last-updated': {
      // Only the bounds a comparator uses become parameters (an unused one has no type).
      const low = () => `${p(f.low)}::timestamptz`;
      const high = () => `${p(f.high)}::timestamptz`;
      switch (f.comparator) {
        case 'eq':
          return `(r.last_updated >= ${low()} AND r.last_updated < ${high()})`;
        case 'ne':
          return `(r.last_updated < ${low()} OR r.last_updated >= ${high()})`;
        case 'gt':
          return `r.last_updated >= ${high()}`;
        case 'ge':
          return `r.last_updated >= ${low()}`;
        case 'lt':
          return `r.last_updated < ${low()}`;
        case 'le':
          return `r.last_updated < ${high()}`;
      }
    }
  }
}
