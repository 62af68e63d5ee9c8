import { errors, isObject } from '../fhir/index.js';
import { parseSearch } from '../fhir/search-request/index.js';
import type { Filter, ParamLookup, SearchRequest, TokenValue } from '../fhir/search-request/index.js';
import type { ResourceStore, StoredVersion } from '../store/index.js';
import { searchsetJson } from './bundle-builder.js';
import type { BundleLink } from './bundle-builder.js';
import type { FhirResponse } from './fhir-request.js';
import type { ResultShaper } from './result-shaping.js';

export interface SearchDeps {
  store: ResourceStore;
  base: string;
  lookup: ParamLookup;
  shaper: ResultShaper;
}

export interface SearchCall {
  resourceTypes: string[];
  /** Path under the base that the links repeat, e.g. `Observation` or `Patient/1/Observation`. */
  path: string;
  params: URLSearchParams;
  lenient: boolean;
  /** Filters the URL implies (a compartment), ANDed with the query's. */
  implied?: Filter[];
}

const MAX_VALUE_SET_CODES = 5000;

/** Runs a search and answers with a searchset Bundle. */
export async function searchInteraction(deps: SearchDeps, call: SearchCall): Promise<FhirResponse> {
  const request = parseSearch(call.resourceTypes, call.params, {
    lookup: deps.lookup,
    lenient: call.lenient,
    base: deps.base,
  });
  request.filters = await Promise.all(request.filters.map((f) => expandValueSets(deps.store, f)));
  request.filters.push(...(call.implied ?? []));
  const result = await deps.store.search(request);

  const link = (cursor?: string) => {
    const p = new URLSearchParams(request.applied);
    if (cursor) p.set('_cursor', cursor);
    const qs = p.toString();
    return `${deps.base}${call.path ? `/${call.path}` : ''}${qs ? `?${qs}` : ''}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: link(request.cursor) }];
  if (result.next) links.push({ relation: 'next', url: link(result.next) });
  if (result.previous) links.push({ relation: 'previous', url: link(result.previous) });

  const shape = (v: StoredVersion) =>
    deps.shaper.applies(request.summary, request.elements)
      ? deps.shaper.shape(v.content!, request.summary, request.elements)
      : v.content!;
  const entries: { fullUrl: string; content: string; mode: 'match' | 'include' | 'outcome' }[] = [
    ...result.resources.map((v) => ({
      fullUrl: `${deps.base}/${v.resourceType}/${v.id}`,
      content: shape(v),
      mode: 'match' as const,
    })),
    ...result.included.map((v) => ({
      fullUrl: `${deps.base}/${v.resourceType}/${v.id}`,
      content: shape(v),
      mode: 'include' as const,
    })),
  ];
  if (request.ignored.length > 0) {
    entries.push({
      fullUrl: `urn:uuid:${globalThis.crypto.randomUUID()}`,
      content: JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'warning',
            code: 'not-supported',
            diagnostics: `Ignored (Prefer: handling=lenient): ${request.ignored.join(', ')}`,
          },
        ],
      }),
      mode: 'outcome',
    });
  }
  return { status: 200, body: searchsetJson({ total: result.total, links, entries }) };
}

/**
 * Turns `code:in=<ValueSet url>` into the list of codes of a ValueSet this server holds (its expansion,
 * or the concepts its compose lists, or whole CodeSystems it includes).
 */
async function expandValueSets(store: ResourceStore, f: Filter): Promise<Filter> {
  switch (f.kind) {
    case 'chain':
    case 'has':
      return { ...f, filter: await expandValueSets(store, f.filter) };
    case 'value-set': {
      const codes = await valueSetCodes(store, f.url);
      return {
        kind: 'index',
        param: f.param,
        condition: { type: 'token', mode: f.negate ? 'not' : 'match', values: codes },
      };
    }
    default:
      return f;
  }
}

async function findByUrl(
  store: ResourceStore,
  type: string,
  url: string,
): Promise<Record<string, unknown> | undefined> {
  const request: SearchRequest = {
    resourceTypes: [type],
    filters: [{ kind: 'index', param: 'url', condition: { type: 'uri', mode: 'exact', values: [url] } }],
    sort: [{ param: '_lastUpdated', descending: true }],
    count: 1,
    total: 'none',
    summary: 'false',
    includes: [],
    applied: [],
    ignored: [],
  };
  const found = (await store.search(request)).resources[0];
  return found?.content ? (JSON.parse(found.content) as Record<string, unknown>) : undefined;
}

async function valueSetCodes(store: ResourceStore, url: string): Promise<TokenValue[]> {
  const vs = await findByUrl(store, 'ValueSet', url);
  if (!vs)
    throw errors.invalidParameter(`:in — the value set ${url.slice(0, 120)} is not held by this server.`);
  const codes: TokenValue[] = [];
  const expansion = (vs.expansion as { contains?: unknown[] } | undefined)?.contains;
  const walk = (items: unknown[] | undefined) => {
    for (const item of items ?? []) {
      if (!isObject(item)) continue;
      if (typeof item.code === 'string')
        codes.push({ system: typeof item.system === 'string' ? item.system : undefined, code: item.code });
      walk(item.contains as unknown[] | undefined);
      walk(item.concept as unknown[] | undefined);
    }
  };
  if (expansion) {
    walk(expansion);
  } else {
    const includes = ((vs.compose as { include?: unknown[] } | undefined)?.include ?? []).filter(isObject);
    for (const inc of includes) {
      const system = typeof inc.system === 'string' ? inc.system : undefined;
      if (Array.isArray(inc.concept)) {
        for (const c of inc.concept)
          if (isObject(c) && typeof c.code === 'string') codes.push({ system, code: c.code });
      } else if (system && !inc.filter) {
        const cs = await findByUrl(store, 'CodeSystem', system);
        if (!cs)
          throw errors.invalidParameter(
            `:in — the code system ${system.slice(0, 120)} is not held by this server.`,
          );
        const before = codes.length;
        walk(cs.concept as unknown[] | undefined);
        for (let i = before; i < codes.length; i++) codes[i]!.system = system;
      } else {
        throw errors.invalidParameter(
          `:in — the value set ${url.slice(0, 120)} uses filters this server cannot expand.`,
        );
      }
    }
  }
  if (codes.length === 0 || codes.length > MAX_VALUE_SET_CODES) {
    throw errors.invalidParameter(
      `:in — the value set ${url.slice(0, 120)} has ${codes.length} codes; 1 to ${MAX_VALUE_SET_CODES} are supported.`,
    );
  }
  return codes;
}
