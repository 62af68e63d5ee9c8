import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import type { SearchParameterDefinition } from '../definitions/index.js';

/** A token index row: one coded value of one search parameter of one resource. */
export interface TokenRow {
  param: string;
  system: string | null;
  code: string | null;
}

export interface IndexRows {
  token: TokenRow[];
}

export interface Indexer {
  /** The search parameters (by resource type) that this indexer fills, for search and the CapabilityStatement. */
  indexedParams(resourceType: string): string[];
  extract(resource: FhirResource): IndexRows;
}

/**
 * Indexes `identifier` tokens of every resource type whose official `identifier` search parameter is a
 * plain element path (what conditional create/update/delete rely on).
 */
export function createIdentifierIndexer(params: SearchParameterDefinition[]): Indexer {
  const pathByType = new Map<string, string>();
  for (const sp of params) {
    if (sp.code !== 'identifier' || sp.type !== 'token' || !sp.expression) continue;
    for (const part of sp.expression.split('|')) {
      const m = /^\s*([A-Za-z]+)\.identifier\s*$/.exec(part);
      if (m && sp.base.includes(m[1]!)) pathByType.set(m[1]!, 'identifier');
    }
  }
  return {
    indexedParams: (type) => (pathByType.has(type) ? ['identifier'] : []),
    extract(resource) {
      const token: TokenRow[] = [];
      if (pathByType.has(resource.resourceType)) {
        const value = resource.identifier;
        for (const ident of Array.isArray(value) ? value : [value]) {
          if (!isObject(ident)) continue;
          const system = typeof ident.system === 'string' ? ident.system : null;
          const code = typeof ident.value === 'string' ? ident.value : null;
          if (system !== null || code !== null) token.push({ param: 'identifier', system, code });
        }
      }
      return { token };
    },
  };
}
