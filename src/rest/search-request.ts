import { errors } from '../fhir/index.js';
import type { SearchFilter, SearchQuery } from '../store/index.js';
import { parseDateValue, parseToken, splitUnescaped, unescapeValue } from './search-values.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Parameters that shape the answer rather than filter it, or that belong to the HTTP layer. */
const RESULT_PARAMS = new Set(['_count', '_offset', '_sort', '_total', '_summary', '_format', '_pretty']);

export interface ParsedSearch {
  query: SearchQuery;
  /** Only the count, no resources (`_summary=count`). */
  countOnly: boolean;
  /** The parameters applied, in order, to echo in the `self` link. */
  applied: [string, string][];
  /** Parameters ignored under `Prefer: handling=lenient`. */
  ignored: string[];
}

export interface SearchContext {
  /** The search parameters the store indexes for this type (besides `_id` and `_lastUpdated`). */
  indexedParams: (resourceType: string) => string[];
  lenient: boolean;
}

/**
 * Turns a query string into a store search. Strict by default: an unknown parameter or modifier is a
 * 400, because silently dropping a filter could hand a clinician another patient's data.
 */
export function parseSearch(resourceType: string, params: URLSearchParams, ctx: SearchContext): ParsedSearch {
  const filters: SearchFilter[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  const query: SearchQuery = { resourceType, filters, count: DEFAULT_PAGE_SIZE, offset: 0, total: true };
  let countOnly = false;
  const indexed = new Set(ctx.indexedParams(resourceType));

  const reject = (name: string, e: Error) => {
    if (!ctx.lenient) throw e;
    ignored.push(name);
  };

  for (const [name, value] of params) {
    const [base, modifier] = name.split(':', 2) as [string, string | undefined];
    if (RESULT_PARAMS.has(base)) {
      if (modifier !== undefined) {
        reject(name, errors.unknownParameter(`${name}: result parameters take no modifier.`));
        continue;
      }
      try {
        countOnly = applyResultParam(query, base, value) || countOnly;
        if (base !== '_format' && base !== '_pretty') applied.push([name, value]);
      } catch (e) {
        reject(name, e as Error);
      }
      continue;
    }
    try {
      if (modifier !== undefined) {
        throw errors.unknownParameter(`${name}: the modifier ":${modifier}" is not supported for ${base}.`);
      }
      if (base === '_id') {
        filters.push({ kind: 'id', values: splitUnescaped(value, ',').map(unescapeValue) });
      } else if (base === '_lastUpdated') {
        const d = parseDateValue(name, value);
        filters.push({ kind: 'last-updated', comparator: d.prefix, low: d.low, high: d.high });
      } else if (indexed.has(base)) {
        filters.push({
          kind: 'token',
          param: base,
          values: splitUnescaped(value, ',').map((v) => parseToken(name, v)),
        });
      } else {
        throw errors.unknownParameter(
          `${name}: this server does not support the search parameter "${base}" on ${resourceType}.`,
        );
      }
      applied.push([name, value]);
    } catch (e) {
      reject(name, e as Error);
    }
  }
  return { query, countOnly, applied, ignored };
}

function applyResultParam(query: SearchQuery, name: string, value: string): boolean {
  switch (name) {
    case '_count': {
      if (!/^[0-9]{1,7}$/.test(value)) throw errors.invalidParameter('_count must be a whole number.');
      query.count = Math.min(Number(value), MAX_PAGE_SIZE);
      return false;
    }
    case '_offset': {
      if (!/^[0-9]{1,9}$/.test(value)) throw errors.invalidParameter('_offset must be a whole number.');
      query.offset = Number(value);
      return false;
    }
    case '_total': {
      if (value === 'none') query.total = false;
      else if (value === 'accurate' || value === 'estimate') query.total = true;
      else throw errors.invalidParameter('_total must be none, estimate or accurate.');
      return false;
    }
    case '_sort': {
      query.sort = value.split(',').map((key) => {
        const descending = key.startsWith('-');
        const by = descending ? key.slice(1) : key;
        if (by !== '_id' && by !== '_lastUpdated') {
          throw errors.unknownParameter(
            `_sort: sorting by "${by}" is not supported (use _id or _lastUpdated).`,
          );
        }
        return { by, descending };
      });
      return false;
    }
    case '_summary': {
      if (value === 'count') return true;
      if (value === 'false') return false;
      throw errors.unknownParameter(`_summary=${value} is not supported (count and false are).`);
    }
    default:
      return false;
  }
}
