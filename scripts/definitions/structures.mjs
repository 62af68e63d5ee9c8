// Compiles the base FHIR R4 StructureDefinitions (resources, data types, primitive types) and the
// value sets of their required bindings into the compact model that src/fhir/validation walks.
// The snapshots are already flattened by HL7, so each type keeps only what validation needs:
// element paths, cardinality, types, content references and expandable required-binding codes.

export const output = 'r4-structures.json';

const FHIR_TYPE_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const REGEX_EXT = 'http://hl7.org/fhir/StructureDefinition/regex';
const SYSTEM_PREFIX = 'http://hl7.org/fhirpath/System.';

/** How each FHIRPath system type is written in JSON (FHIR JSON format, section 2.6.2). */
const SYSTEM_JSON = {
  Boolean: 'boolean',
  Integer: 'number',
  Decimal: 'number',
  String: 'string',
  Date: 'string',
  DateTime: 'string',
  Time: 'string',
};

export function build({ load }) {
  const definitions = load(['StructureDefinition-']).filter(
    (sd) =>
      sd.resourceType === 'StructureDefinition' &&
      sd.kind !== 'logical' &&
      (sd.derivation === 'specialization' || sd.derivation === undefined) &&
      sd.type === sd.id,
  );
  const terminology = indexTerminology(load(['ValueSet-', 'CodeSystem-']));

  const primitives = {};
  const byName = new Map(definitions.map((sd) => [sd.type, sd]));
  for (const sd of definitions) {
    if (sd.kind === 'primitive-type') primitives[sd.type] = compilePrimitive(sd, byName);
  }

  const valueSets = {};
  const stats = { requiredBindings: 0, expanded: 0, notExpandable: [] };
  const types = {};
  for (const sd of definitions) {
    if (sd.kind === 'primitive-type') continue;
    types[sd.type] = {
      kind: sd.kind,
      ...(sd.abstract ? { abstract: true } : {}),
      elements: compileElements(sd, terminology, valueSets, stats),
    };
  }
  if (stats.notExpandable.length > 0) {
    console.log(
      `definitions: ${stats.notExpandable.length} required bindings not expandable from the package ` +
        `(codes not checked): ${[...new Set(stats.notExpandable)].join(', ')}`,
    );
  }
  return { fhirVersion: '4.0.1', primitives, types, valueSets };
}

/** A primitive's JSON type comes from its root ancestor's system type: positiveInt is declared System.String but derives from integer. */
function compilePrimitive(sd, byName) {
  const value = sd.snapshot.element.find((e) => e.path === `${sd.type}.value`);
  const type = value?.type?.[0];
  const pattern = type?.extension?.find((x) => x.url === REGEX_EXT)?.valueString;
  let root = sd;
  for (;;) {
    const parent = byName.get(root.baseDefinition?.split('/').pop());
    if (!parent || parent.kind !== 'primitive-type') break;
    root = parent;
  }
  const rootValue = root.snapshot.element.find((e) => e.path === `${root.type}.value`);
  const system = rootValue.type[0].code.slice(SYSTEM_PREFIX.length);
  const out = { json: SYSTEM_JSON[system] };
  if (system === 'Integer') out.integer = true;
  if (pattern !== undefined) out.pattern = toJsPattern(pattern);
  if (value?.maxLength !== undefined) out.maxLength = value.maxLength;
  return out;
}

/**
 * FHIR regexes use XML Schema semantics, where \s is only space, tab, CR and LF; JavaScript's \s also
 * matches Unicode spaces, which would reject legitimate strings. Capture groups become non-capturing
 * so that long values (base64Binary) do not accumulate captures. The result is anchored.
 */
export function toJsPattern(xsd) {
  const WS = ' \\t\\n\\r';
  let out = '';
  for (let i = 0; i < xsd.length; i++) {
    const c = xsd[i];
    if (c === '\\') {
      const n = xsd[++i];
      if (n === 's') out += `[${WS}]`;
      else if (n === 'S') out += `[^${WS}]`;
      else out += `\\${n}`;
    } else if (c === '[') {
      let j = i + 1;
      let body = '';
      let nonSpace = false;
      const negated = xsd[j] === '^';
      if (negated) j++;
      for (; xsd[j] !== ']'; j++) {
        if (xsd[j] === '\\') {
          const n = xsd[++j];
          if (n === 's') body += WS;
          else if (n === 'S') nonSpace = true;
          else body += `\\${n}`;
        } else body += xsd[j];
      }
      if (nonSpace && negated) throw new Error(`unsupported regex class in ${xsd}`);
      const cls = `[${negated ? '^' : ''}${body}]`;
      out += nonSpace ? (body ? `(?:${cls}|[^${WS}])` : `[^${WS}]`) : cls;
      i = j;
    } else if (c === '(' && xsd[i + 1] !== '?') out += '(?:';
    else out += c;
  }
  return `^(?:${out})$`;
}

function compileElements(sd, terminology, valueSets, stats) {
  const all = sd.snapshot.element;
  const root = sd.type;
  const parents = new Set(all.map((e) => e.path.slice(0, e.path.lastIndexOf('.'))));
  const out = [];
  for (const e of all) {
    if (e.path === root) continue;
    const rel = e.path.slice(root.length + 1);
    const el = { p: rel, min: e.min, max: e.max };
    // _summary=true keeps only these (and the mandatory ones).
    if (e.isSummary) el.s = true;
    if (e.contentReference) {
      el.ref = e.contentReference.slice(root.length + 2);
    } else {
      const codes = e.type.map((t) => t.code);
      if (codes[0].startsWith(SYSTEM_PREFIX)) {
        // Element.id and Extension.url: plain JSON values that cannot carry `_x` extensions.
        el.sys = true;
        el.t = [e.type[0].extension.find((x) => x.url === FHIR_TYPE_EXT).valueUrl];
        // R4 snapshots declare Resource.id as a System.String, but resource.html defines it as an
        // `id` (the logical id rule, [A-Za-z0-9\-\.]{1,64}), which is what every server enforces.
        if (sd.kind === 'resource' && rel === 'id') el.t = ['id'];
      } else {
        el.t = codes;
      }
      if (parents.has(e.path)) el.bb = true;
    }
    if (e.binding?.strength === 'required' && e.binding.valueSet) {
      stats.requiredBindings++;
      const url = e.binding.valueSet.split('|')[0];
      if (!(url in valueSets)) {
        const expansion = expandValueSet(url, terminology, new Set());
        if (expansion) valueSets[url] = expansion;
        else stats.notExpandable.push(url);
      }
      if (valueSets[url]) {
        el.vs = url;
        stats.expanded++;
      }
    }
    out.push(el);
  }
  return out;
}

function indexTerminology(resources) {
  const valueSets = new Map();
  const codeSystems = new Map();
  for (const r of resources) {
    if (r.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
    if (r.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
  }
  return { valueSets, codeSystems };
}

/** Returns { system: [codes] }, or null when the package cannot fully enumerate the value set. */
function expandValueSet(url, terminology, visiting) {
  const vs = terminology.valueSets.get(url);
  if (!vs || visiting.has(url)) return null;
  visiting.add(url);
  try {
    let result;
    if (vs.compose) {
      result = new Map();
      for (const inc of vs.compose.include ?? []) {
        const part = expandInclude(inc, terminology, visiting);
        if (!part) return null;
        for (const [system, codes] of part) {
          if (!result.has(system)) result.set(system, new Set());
          for (const c of codes) result.get(system).add(c);
        }
      }
      for (const exc of vs.compose.exclude ?? []) {
        const part = expandInclude(exc, terminology, visiting);
        if (!part) return null;
        for (const [system, codes] of part) for (const c of codes) result.get(system)?.delete(c);
      }
    } else if (
      vs.expansion?.contains &&
      !vs.expansion.parameter?.some((p) => p.name === 'limitedExpansion')
    ) {
      result = new Map();
      const walk = (list) => {
        for (const c of list) {
          if (c.system && c.code) {
            if (!result.has(c.system)) result.set(c.system, new Set());
            result.get(c.system).add(c.code);
          }
          if (c.contains) walk(c.contains);
        }
      };
      walk(vs.expansion.contains);
    } else {
      return null;
    }
    const out = {};
    for (const [system, codes] of [...result].sort(([a], [b]) => a.localeCompare(b))) {
      if (codes.size > 0) out[system] = [...codes].sort();
    }
    return Object.keys(out).length > 0 ? out : null;
  } finally {
    visiting.delete(url);
  }
}

function expandInclude(inc, terminology, visiting) {
  if (inc.filter?.length) return null;
  let result = null;
  if (inc.system) {
    let codes;
    if (inc.concept) {
      codes = new Set(inc.concept.map((c) => c.code));
    } else {
      const cs = terminology.codeSystems.get(inc.system);
      if (!cs || cs.content !== 'complete' || !cs.concept) return null;
      codes = new Set();
      const walk = (list) => {
        for (const c of list) {
          codes.add(c.code);
          if (c.concept) walk(c.concept);
        }
      };
      walk(cs.concept);
    }
    result = new Map([[inc.system, codes]]);
  }
  for (const ref of inc.valueSet ?? []) {
    const expansion = expandValueSet(ref.split('|')[0], terminology, visiting);
    if (!expansion) return null;
    const part = new Map(Object.entries(expansion).map(([s, codes]) => [s, new Set(codes)]));
    result = result ? intersect(result, part) : part;
  }
  return result;
}

function intersect(a, b) {
  const out = new Map();
  for (const [system, codes] of a) {
    const other = b.get(system);
    if (other) out.set(system, new Set([...codes].filter((c) => other.has(c))));
  }
  return out;
}
