// Compact list of the official R4 SearchParameter definitions: what the search registry, the
// CapabilityStatement and the indexers need, without the narrative and contact details.
export const output = 'r4-search-parameters.json';

export function build({ load }) {
  const params = load(['SearchParameter-']).filter((sp) => sp.resourceType === 'SearchParameter');
  return params.map((sp) => ({
    url: sp.url,
    code: sp.code,
    base: sp.base,
    type: sp.type,
    expression: sp.expression,
    target: sp.target,
    modifier: sp.modifier,
    comparator: sp.comparator,
    multipleOr: sp.multipleOr,
    multipleAnd: sp.multipleAnd,
    component: sp.component?.map((c) => ({ definition: c.definition, expression: c.expression })),
    description: typeof sp.description === 'string' ? sp.description.split('\n')[0].slice(0, 300) : undefined,
  }));
}
