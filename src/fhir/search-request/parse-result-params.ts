import { errors } from '../operation-outcome.js';
import type { Include, ParamLookup, SearchRequest, Summary, TotalMode } from './types.js';

export const RESULT_PARAMS = new Set([
  '_count',
  '_cursor',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_format',
  '_pretty',
]);

const MAX_PAGE_SIZE = 1000;
const SORTABLE = new Set(['string', 'token', 'date', 'number', 'quantity', 'reference', 'uri']);
const ELEMENT_NAME = /^[a-z][A-Za-z0-9]*(\[x\])?$/;

/**
 * Applies one result parameter to the request. Returns whether it belongs in the `self` link
 * (paging cursors and output formatting do not).
 */
export function parseResultParam(
  request: SearchRequest,
  name: string,
  value: string,
  lookup: ParamLookup,
): boolean {
  const [base, modifier] = name.split(':', 2) as [string, string | undefined];
  if (
    modifier !== undefined &&
    !((base === '_include' || base === '_revinclude') && modifier === 'iterate')
  ) {
    throw errors.unknownParameter(`${name}: ${base} takes no modifier ":${modifier.slice(0, 40)}".`);
  }
  switch (base) {
    case '_count':
      if (!/^[0-9]{1,7}$/.test(value)) throw errors.invalidParameter('_count must be a whole number.');
      request.count = Math.min(Number(value), MAX_PAGE_SIZE);
      return true;
    case '_cursor':
      if (!/^[A-Za-z0-9_-]{1,2000}$/.test(value))
        throw errors.invalidParameter('_cursor is not a valid paging cursor.');
      request.cursor = value;
      return false;
    case '_total':
      if (value !== 'none' && value !== 'estimate' && value !== 'accurate') {
        throw errors.invalidParameter('_total must be none, estimate or accurate.');
      }
      request.total = value as TotalMode;
      return true;
    case '_summary':
      if (!['true', 'false', 'text', 'data', 'count'].includes(value)) {
        throw errors.invalidParameter('_summary must be true, false, text, data or count.');
      }
      request.summary = value as Summary;
      return true;
    case '_elements': {
      const names = value.split(',').map((s) => s.trim());
      for (const n of names) {
        if (!ELEMENT_NAME.test(n))
          throw errors.invalidParameter(`_elements: "${n.slice(0, 40)}" is not an element name.`);
      }
      request.elements = names;
      return true;
    }
    case '_sort':
      request.sort = value.split(',').map((key) => {
        const descending = key.startsWith('-');
        const param = descending ? key.slice(1) : key;
        if (param === '_id' || param === '_lastUpdated') return { param, descending };
        const types = request.resourceTypes.map((t) => lookup.param(t, param));
        const def = types[0];
        if (!def || types.some((d) => d?.type !== def.type)) {
          throw errors.unknownParameter(
            `_sort: "${param.slice(0, 40)}" is not a search parameter of ${request.resourceTypes.join(', ')}.`,
          );
        }
        if (!SORTABLE.has(def.type))
          throw errors.invalidParameter(`_sort: ${param} (${def.type}) cannot be sorted on.`);
        return { param, paramType: def.type, descending };
      });
      return true;
    case '_include':
    case '_revinclude':
      request.includes.push(
        parseInclude(value, base === '_revinclude', modifier === 'iterate', request, lookup),
      );
      return true;
    default:
      // _format and _pretty shape the HTTP response, not the search.
      return false;
  }
}

function parseInclude(
  value: string,
  reverse: boolean,
  iterate: boolean,
  request: SearchRequest,
  lookup: ParamLookup,
): Include {
  const what = reverse ? '_revinclude' : '_include';
  if (value === '*') return { sourceType: '*', param: '*', iterate, reverse };
  const [sourceType, param, targetType] = value.split(':') as [
    string,
    string | undefined,
    string | undefined,
  ];
  if (!lookup.isResourceType(sourceType) || !param) {
    throw errors.invalidParameter(`${what}: use Type:parameter[:targetType], e.g. Observation:subject.`);
  }
  if (!reverse && !iterate && !request.resourceTypes.includes(sourceType)) {
    throw errors.invalidParameter(
      `${what}: ${sourceType} is not the type being searched (use ${what}:iterate).`,
    );
  }
  if (param !== '*') {
    const def = lookup.param(sourceType, param);
    if (!def || def.type !== 'reference') {
      throw errors.invalidParameter(
        `${what}: ${param.slice(0, 40)} is not a reference parameter of ${sourceType}.`,
      );
    }
    if (targetType !== undefined && def.targets.length > 0 && !def.targets.includes(targetType)) {
      throw errors.invalidParameter(
        `${what}: ${sourceType}.${param} cannot refer to a ${targetType.slice(0, 40)}.`,
      );
    }
  }
  if (targetType !== undefined && !lookup.isResourceType(targetType)) {
    throw errors.invalidParameter(`${what}: unknown target type ${targetType.slice(0, 40)}.`);
  }
  return { sourceType, param, targetType, iterate, reverse };
}
