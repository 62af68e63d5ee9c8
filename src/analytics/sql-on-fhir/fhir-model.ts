/**
 * What the SQL compiler needs to know about FHIR R4 element definitions: element types (to resolve
 * choice types like `value.ofType(Quantity)` to `valueQuantity`), which elements repeat (so singular
 * paths compile to plain lookups) and which primitive a value is (to compare it correctly). The data is
 * the R4 model that ships with the `fhirpath` engine, so both runners agree on it.
 */
import r4 from 'fhirpath/fhir-context/r4';

interface ModelData {
  choiceTypePaths: Record<string, string[]>;
  pathsDefinedElsewhere: Record<string, string>;
  type2Parent: Record<string, string>;
  path2Type: Record<string, string>;
  path2Repeating: Record<string, true>;
}

const model = r4 as unknown as ModelData;

/** The model itself, for the FHIRPath engine. */
export const r4Model = r4;

export type PrimitiveKind = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'dateTime' | 'time';

const PRIMITIVES: Record<string, PrimitiveKind> = {
  string: 'string',
  code: 'string',
  id: 'string',
  uri: 'string',
  url: 'string',
  canonical: 'string',
  oid: 'string',
  uuid: 'string',
  markdown: 'string',
  base64Binary: 'string',
  xhtml: 'string',
  'System.String': 'string',
  integer: 'integer',
  integer64: 'integer',
  positiveInt: 'integer',
  unsignedInt: 'integer',
  'System.Integer': 'integer',
  decimal: 'decimal',
  'System.Decimal': 'decimal',
  boolean: 'boolean',
  'System.Boolean': 'boolean',
  date: 'date',
  'System.Date': 'date',
  dateTime: 'dateTime',
  instant: 'dateTime',
  'System.DateTime': 'dateTime',
  time: 'time',
  'System.Time': 'time',
};

/** The primitive a FHIR type is, if it is one. */
export function primitiveKind(type: string | undefined): PrimitiveKind | undefined {
  return type === undefined ? undefined : PRIMITIVES[type];
}

export function isResourceType(name: string): boolean {
  if (!/^[A-Z][A-Za-z]{1,63}$/.test(name)) return false;
  let t: string | undefined = name;
  for (let depth = 0; t && depth < 5; depth++) {
    const parent: string | undefined = model.type2Parent[t];
    if (parent === 'Resource' || parent === 'DomainResource') return true;
    t = parent;
  }
  return false;
}

/** What a member step leads to. `ref` is where to look further members up (a type name or element path). */
export interface ElementInfo {
  ref: string;
  /** The FHIR type code (`HumanName`, `string`, `BackboneElement` …). */
  type: string;
  repeating: boolean;
  /** For a choice element (`value[x]`), the allowed type suffixes (`Quantity`, `String` …). */
  choice?: string[];
}

function normalise(path: string): string {
  let p = path;
  for (let guard = 0; guard < 10; guard++) {
    const direct = model.pathsDefinedElsewhere[p];
    if (direct) {
      p = direct;
      continue;
    }
    const prefix = Object.keys(model.pathsDefinedElsewhere).find((k) => p.startsWith(`${k}.`));
    if (!prefix) break;
    p = model.pathsDefinedElsewhere[prefix] + p.slice(prefix.length);
  }
  return p;
}

function lookup(path: string): ElementInfo | undefined {
  const p = normalise(path);
  const choice = model.choiceTypePaths[p];
  if (choice) return { ref: p, type: 'choice', repeating: false, choice };
  const type = model.path2Type[p];
  if (type === undefined) return undefined;
  const ref = type === 'BackboneElement' || type === 'Element' ? p : type;
  return { ref, type, repeating: model.path2Repeating[p] === true };
}

/** The element `name` of the type or element path `parent`, following base types; undefined if unknown. */
export function childElement(parent: string, name: string): ElementInfo | undefined {
  const direct = lookup(`${parent}.${name}`);
  if (direct) return direct;
  // Inherited elements (`extension`, `id`, `meta` …) are listed on the base types only.
  let base: string | undefined = parent.includes('.') ? 'BackboneElement' : model.type2Parent[parent];
  for (let depth = 0; base && depth < 6; depth++) {
    const found = lookup(`${base}.${name}`);
    if (found) return found;
    base = model.type2Parent[base];
  }
  return undefined;
}

/** The JSON property of a choice element for one of its types (`value` + `Quantity`), if allowed. */
export function choiceProperty(name: string, choice: string[], typeName: string): string | undefined {
  const suffix = choice.find((t) => t.toLowerCase() === typeName.toLowerCase());
  return suffix ? `${name}${suffix}` : undefined;
}

/** The FHIR type code a choice suffix stands for (`String` → `string`, `Quantity` → `Quantity`). */
export function choiceSuffixType(suffix: string): string {
  const lower = suffix.charAt(0).toLowerCase() + suffix.slice(1);
  return PRIMITIVES[lower] ? lower : suffix;
}
