import { errors, FhirError } from '../operation-outcome.js';
import { isValidId } from '../ids.js';
import { parseCondition } from './parse-condition.js';
import { parseResultParam, RESULT_PARAMS } from './parse-result-params.js';
import type { Filter, ParamLookup, SearchRequest } from './types.js';
import { splitUnescaped, unescapeValue, parseDate } from './values.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F]/;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ParseOptions {
  lookup: ParamLookup;
  lenient: boolean;
  /** This server's FHIR base, so absolute references to it count as local. */
  base?: string;
}

/**
 * Parses a search query string for one or more resource types. Strict by default: an unknown
 * parameter, modifier or malformed value is a 400 naming the parameter, because silently dropping a
 * filter could hand a clinician another patient's data. With `lenient`, such parameters are skipped and
 * reported in `ignored` (and left out of the `self` link).
 */
export function parseSearch(
  resourceTypes: string[],
  params: URLSearchParams,
  options: ParseOptions,
): SearchRequest {
  const request: SearchRequest = {
    resourceTypes,
    filters: [],
    sort: [],
    count: DEFAULT_PAGE_SIZE,
    total: 'auto',
    summary: 'false',
    includes: [],
    applied: [],
    ignored: [],
  };
  for (const [name, value] of params) {
    try {
      if (CONTROL_CHARACTER.test(name) || CONTROL_CHARACTER.test(value)) {
        throw errors.invalidParameter(
          `${name.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), '?').slice(0, 64)}: control characters are not allowed in search parameters.`,
        );
      }
      const base = name.split(':', 1)[0]!;
      if (RESULT_PARAMS.has(base)) {
        if (parseResultParam(request, name, value, options.lookup)) request.applied.push([name, value]);
        continue;
      }
      if (name === '_type') {
        request.applied.push([name, value]);
        continue;
      }
      const filter = parseFilter(resourceTypes[0]!, name, value, options);
      // With several types (system search) the parameter must be valid on each of them.
      for (const other of resourceTypes.slice(1)) parseFilter(other, name, value, options);
      request.filters.push(filter);
      request.applied.push([name, value]);
    } catch (e) {
      if (!options.lenient || !(e instanceof FhirError) || e.status >= 500) throw e;
      request.ignored.push(name);
    }
  }
  return request;
}

/** Parses one `name=value` into a filter on `resourceType`; chains and `_has` recurse. */
export function parseFilter(
  resourceType: string,
  name: string,
  value: string,
  options: ParseOptions,
): Filter {
  const { lookup } = options;
  if (name.startsWith('_has:')) return parseHas(resourceType, name, value, options);
  const dot = name.indexOf('.');
  if (dot > 0) return parseChain(resourceType, name.slice(0, dot), name.slice(dot + 1), value, options);

  const colon = name.indexOf(':');
  const code = colon >= 0 ? name.slice(0, colon) : name;
  const modifier = colon >= 0 ? name.slice(colon + 1) : undefined;
  const values = splitUnescaped(value, ',');
  if (values.some((v) => v === '') && modifier !== 'missing') {
    throw errors.invalidParameter(`${name}: empty values are not allowed.`);
  }

  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false')
      throw errors.invalidParameter(`${name}: :missing takes true or false.`);
    const def = lookup.param(resourceType, code);
    if (!def) throw unknown(resourceType, code);
    return { kind: 'missing', param: code, paramType: def.type, missing: value === 'true' };
  }
  switch (code) {
    case '_id': {
      if (modifier !== undefined && modifier !== 'not') throw badModifier(name, modifier);
      const ids = values.map(unescapeValue);
      for (const id of ids)
        if (!isValidId(id)) throw errors.invalidParameter(`${name}: "${id.slice(0, 64)}" is not a valid id.`);
      return { kind: 'id', values: ids, negate: modifier === 'not' };
    }
    case '_lastUpdated':
      if (modifier !== undefined) throw badModifier(name, modifier);
      return { kind: 'last-updated', values: values.map((v) => parseDate(name, v)) };
    case '_text':
    case '_content':
      if (modifier !== undefined) throw badModifier(name, modifier);
      return {
        kind: 'text',
        field: code === '_text' ? 'narrative' : 'content',
        values: values.map(unescapeValue),
      };
    case '_list':
      if (modifier !== undefined) throw badModifier(name, modifier);
      return { kind: 'list', listIds: values.map((v) => checkId(name, unescapeValue(v))) };
    case '_filter':
    case '_query':
    case '_containedType':
    case '_contained':
      throw errors.unknownParameter(`${name}: this server does not support ${code}.`);
  }
  const def = lookup.param(resourceType, code);
  if (!def) throw unknown(resourceType, code);
  if ((modifier === 'in' || modifier === 'not-in') && def.type === 'token') {
    if (values.length !== 1) throw errors.invalidParameter(`${name}: give one value set URL.`);
    return { kind: 'value-set', param: code, url: unescapeValue(values[0]!), negate: modifier === 'not-in' };
  }
  return { kind: 'index', param: code, condition: parseCondition(def, name, modifier, values, options) };
}

function parseChain(
  resourceType: string,
  head: string,
  tail: string,
  value: string,
  options: ParseOptions,
): Filter {
  const [code, typeModifier] = head.split(':', 2) as [string, string | undefined];
  const def = options.lookup.param(resourceType, code);
  if (!def) throw unknown(resourceType, code);
  if (def.type !== 'reference')
    throw errors.invalidParameter(`${head}.${tail}: only reference parameters can be chained.`);
  let targets = def.targets;
  if (typeModifier !== undefined) {
    if (!targets.includes(typeModifier)) {
      throw errors.invalidParameter(`${head}: ${code} cannot refer to a ${typeModifier.slice(0, 40)}.`);
    }
    targets = [typeModifier];
  }
  // The chained parameter must exist on the target types; ambiguity across types with different
  // meanings is an error rather than a guess.
  const nextCode = tail.split(/[.:]/, 1)[0]!;
  const usable = nextCode.startsWith('_has')
    ? targets
    : targets.filter((t) => nextCode.startsWith('_') || options.lookup.param(t, nextCode));
  if (usable.length === 0)
    throw errors.invalidParameter(`${head}.${tail}: no target of ${code} has the parameter "${nextCode}".`);
  const filter = parseFilter(usable[0]!, tail, value, options);
  for (const other of usable.slice(1)) {
    const again = parseFilter(other, tail, value, options);
    if (JSON.stringify(again) !== JSON.stringify(filter)) {
      throw errors.invalidParameter(
        `${head}.${tail}: the chain means different things on different targets; add a type, e.g. ${code}:${usable[0]}.`,
      );
    }
  }
  return { kind: 'chain', param: code, targetTypes: usable, filter };
}

function parseHas(resourceType: string, name: string, value: string, options: ParseOptions): Filter {
  const parts = name.split(':');
  const [, sourceType, param] = parts;
  const rest = parts.slice(3).join(':');
  if (!sourceType || !param || !rest) {
    throw errors.invalidParameter(`${name}: use _has:Type:referenceParameter:parameter=value.`);
  }
  if (!options.lookup.isResourceType(sourceType))
    throw errors.invalidParameter(`${name}: unknown resource type ${sourceType.slice(0, 40)}.`);
  const def = options.lookup.param(sourceType, param);
  if (!def || def.type !== 'reference') {
    throw errors.invalidParameter(
      `${name}: ${param.slice(0, 40)} is not a reference parameter of ${sourceType}.`,
    );
  }
  if (def.targets.length > 0 && !def.targets.includes(resourceType)) {
    throw errors.invalidParameter(`${name}: ${sourceType}.${param} cannot refer to a ${resourceType}.`);
  }
  return { kind: 'has', sourceType, param, filter: parseFilter(sourceType, rest, value, options) };
}

function checkId(name: string, id: string): string {
  if (!isValidId(id)) throw errors.invalidParameter(`${name}: "${id.slice(0, 64)}" is not a valid id.`);
  return id;
}

function unknown(resourceType: string, code: string): FhirError {
  return errors.unknownParameter(
    `${code.slice(0, 64)}: ${resourceType} has no search parameter of that name.`,
  );
}

function badModifier(name: string, modifier: string): FhirError {
  return errors.unknownParameter(`${name}: the modifier ":${modifier.slice(0, 40)}" is not supported here.`);
}
