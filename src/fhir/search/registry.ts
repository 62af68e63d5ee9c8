import type { SearchParameterDefinition } from '../../definitions/index.js';
import type { StructureModel } from '../validation/index.js';
import { expressionForType } from './expression-members.js';
import type { SearchParamComponent, SearchParamInfo, SearchRegistry } from './types.js';

/**
 * Parameters declared on Resource or DomainResource without an expression that still mean
 * something to every type; `_query` and `_filter` are request-level and never indexed.
 */
const EXPRESSIONLESS_KEPT = new Set(['_text', '_content']);

/** True when `url` names an official example (`SearchParameter/example`, `example-reference`). */
function isExample(url: string): boolean {
  return /\/SearchParameter\/example(-|$)/.test(url);
}

/**
 * Builds the per-type view of the official SearchParameters. Each (type, code) gets its own
 * expression restricted to that type's union members, so later stages never see foreign paths.
 */
export function createSearchRegistry(
  params: SearchParameterDefinition[],
  model: StructureModel,
): SearchRegistry {
  const concrete: string[] = [];
  const domainResources = new Set<string>();
  for (const [name, def] of Object.entries(model.types)) {
    if (def.kind !== 'resource' || def.abstract === true) continue;
    concrete.push(name);
    // DomainResource is what adds narrative and contained resources; Bundle, Binary and Parameters lack both.
    if (def.elements.some((e) => e.p === 'text') && def.elements.some((e) => e.p === 'contained')) {
      domainResources.add(name);
    }
  }
  concrete.sort();
  const isTypeName = (name: string): boolean => model.types[name] !== undefined;
  const byUrl = new Map(params.map((p) => [p.url, p]));
  const byType = new Map<string, Map<string, SearchParamInfo>>(concrete.map((t) => [t, new Map()]));

  const componentsOf = (def: SearchParameterDefinition): SearchParamComponent[] | undefined =>
    def.component?.map((c) => {
      const target = byUrl.get(c.definition);
      return {
        code: target?.code ?? c.definition.slice(c.definition.lastIndexOf('/') + 1),
        type: target?.type ?? 'special',
        expression: c.expression,
      };
    });

  const add = (type: string, def: SearchParameterDefinition, ancestors: readonly string[]): void => {
    const map = byType.get(type);
    if (map === undefined) return;
    const existing = map.get(def.code);
    // Official examples reuse real codes (Condition.subject, _id); the real definition wins.
    if (existing !== undefined && (isExample(def.url) || !isExample(existing.url))) return;
    if (def.expression === undefined && !EXPRESSIONLESS_KEPT.has(def.code)) return;
    const info: SearchParamInfo = {
      code: def.code,
      type: def.type,
      url: def.url,
      targets: def.target ?? [],
    };
    if (def.expression !== undefined) {
      const expression = expressionForType(def.expression, type, isTypeName, ancestors);
      if (expression !== undefined) info.expression = expression;
    }
    const components = componentsOf(def);
    if (components !== undefined) info.components = components;
    map.set(def.code, info);
  };

  for (const def of params) {
    for (const base of def.base ?? []) {
      if (base === 'Resource') for (const t of concrete) add(t, def, ['Resource']);
      else if (base === 'DomainResource') {
        for (const t of domainResources) add(t, def, ['Resource', 'DomainResource']);
      } else add(base, def, []);
    }
  }

  const empty = new Map<string, SearchParamInfo>();
  return {
    paramsFor: (resourceType) => byType.get(resourceType) ?? empty,
    param: (resourceType, code) => byType.get(resourceType)?.get(code),
    resourceTypes: () => [...concrete],
  };
}
