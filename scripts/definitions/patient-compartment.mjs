// The R4 Patient CompartmentDefinition, turned into element paths per resource type. The store uses
// them to find the patient a resource belongs to, which is its distribution key (Citus-ready layout).
export const output = 'r4-patient-compartment.json';

/** `Observation.subject.where(resolve() is Patient)` -> `subject`; anything more complex is skipped. */
function simplePaths(expression, type) {
  const out = [];
  for (const raw of expression.split('|')) {
    let part = raw.trim();
    if (part.startsWith('(') && part.endsWith(')')) part = part.slice(1, -1).trim();
    if (!part.startsWith(`${type}.`)) continue;
    part = part.slice(type.length + 1).replace(/\.where\(resolve\(\) is Patient\)$/, '');
    if (/^[a-zA-Z]+(\.[a-zA-Z]+)*$/.test(part)) out.push(part);
  }
  return out;
}

export function build({ load }) {
  const [compartment] = load(['CompartmentDefinition-patient']);
  const params = load(['SearchParameter-']).filter((sp) => sp.resourceType === 'SearchParameter');
  const result = {};
  for (const entry of compartment.resource) {
    if (!entry.param || entry.code === 'Patient') continue;
    const paths = [];
    for (const code of entry.param) {
      const sp = params.find((p) => p.code === code && p.base.includes(entry.code));
      if (!sp?.expression) continue;
      for (const p of simplePaths(sp.expression, entry.code)) if (!paths.includes(p)) paths.push(p);
    }
    result[entry.code] = { params: entry.param, paths };
  }
  return result;
}
