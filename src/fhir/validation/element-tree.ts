import { compilePrimitiveRules, type PrimitiveRule } from './primitive-rules.js';
import type { ElementRow, StructureModel } from './structure-model.js';

export type ChildKind = 'primitive' | 'complex' | 'resource';

/** One JSON property an object may have: a choice element yields one child per type. */
export interface ChildElement {
  /** The JSON property name, e.g. `valueQuantity`. */
  readonly key: string;
  /** The element path as defined, e.g. `Observation.value[x]`. */
  readonly definition: string;
  readonly min: number;
  /** Infinity for `*`. */
  readonly max: number;
  /** FHIR JSON writes an element as an array exactly when it may repeat. */
  readonly array: boolean;
  readonly kind: ChildKind;
  /** The type code: a primitive, a data type, `BackboneElement` or `Resource`. */
  readonly type: string;
  readonly primitive: PrimitiveRule | undefined;
  /** The element map of a complex value. */
  readonly node: ObjectNode | undefined;
  /** Primitives may carry `_key` extensions, except FHIRPath system-typed ones (Element.id, Extension.url). */
  readonly allowExtension: boolean;
  /** Resource.id, reported with its own code. */
  readonly resourceId: boolean;
  /** The choice group (`value` for `value[x]`), or undefined. */
  readonly choice: string | undefined;
  /** Required binding, as codes for `code` elements and per-system codes for Coding/CodeableConcept. */
  readonly binding: RequiredBinding | undefined;
}

export interface RequiredBinding {
  readonly valueSet: string;
  readonly codes: ReadonlySet<string>;
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface RequiredElement {
  readonly definition: string;
  /** Present when any of these keys is (several for a choice; `_key` counts for primitives). */
  readonly keys: readonly string[];
}

export interface ObjectNode {
  /** The type or backbone path, e.g. `HumanName` or `Patient.contact`. */
  readonly path: string;
  readonly children: ReadonlyMap<string, ChildElement>;
  readonly required: readonly RequiredElement[];
  /** A resource root, where `resourceType` is expected. */
  readonly isResource: boolean;
  /** The Reference data type, whose `reference` gets a shape check. */
  readonly isReference: boolean;
}

export interface ElementTree {
  /** Concrete (non-abstract) resource types. */
  readonly resources: ReadonlyMap<string, ObjectNode>;
  /** The node of `_x` primitive extension objects (Element: id and extension). */
  readonly element: ObjectNode;
  readonly primitives: ReadonlyMap<string, PrimitiveRule>;
}

interface MutableNode extends ObjectNode {
  readonly children: Map<string, ChildElement>;
  readonly required: RequiredElement[];
}

/**
 * Turns the compiled definitions into linked element maps. Every type and backbone element gets its
 * node before any child is linked, so recursive types (Extension.extension) and content references
 * (Questionnaire.item.item) simply point at an existing node.
 */
export function buildElementTree(model: StructureModel): ElementTree {
  const primitives = compilePrimitiveRules(model.primitives);
  const nodes = new Map<string, MutableNode>();
  const node = (path: string, isResource: boolean): MutableNode => {
    const n: MutableNode = {
      path,
      children: new Map(),
      required: [],
      isResource,
      isReference: path === 'Reference',
    };
    nodes.set(path, n);
    return n;
  };
  for (const [name, def] of Object.entries(model.types)) {
    node(name, def.kind === 'resource');
    for (const row of def.elements) if (row.bb) node(`${name}.${row.p}`, false);
  }
  const valueSets = new Map<string, RequiredBinding>();
  const bindingFor = (url: string | undefined): RequiredBinding | undefined => {
    if (url === undefined) return undefined;
    let b = valueSets.get(url);
    const expansion = model.valueSets[url];
    if (b === undefined && expansion !== undefined) {
      const bySystem = new Map(Object.entries(expansion).map(([s, codes]) => [s, new Set(codes)]));
      b = { valueSet: url, codes: new Set(Object.values(expansion).flat()), bySystem };
      valueSets.set(url, b);
    }
    return b;
  };

  for (const [name, def] of Object.entries(model.types)) {
    const rows = new Map(def.elements.map((r) => [r.p, r]));
    for (const row of def.elements) {
      const dot = row.p.lastIndexOf('.');
      const parent = nodes.get(dot < 0 ? name : `${name}.${row.p.slice(0, dot)}`);
      if (parent === undefined) throw new Error(`definition of ${name}.${row.p} has no parent element`);
      const target = row.ref === undefined ? row : rows.get(row.ref);
      if (target?.t === undefined) throw new Error(`${name}.${row.p} refers to unknown ${row.ref}`);
      const targetNode = target.bb ? nodes.get(`${name}.${target.p}`) : undefined;
      addElement(parent, row, target.t, targetNode, `${name}.${row.p}`, {
        nodes,
        primitives,
        binding: bindingFor(row.vs),
        resourceId: def.kind === 'resource' && row.p === 'id',
      });
    }
  }

  const resources = new Map<string, ObjectNode>();
  for (const [name, def] of Object.entries(model.types)) {
    if (def.kind === 'resource' && !def.abstract) resources.set(name, nodes.get(name) as ObjectNode);
  }
  const element = nodes.get('Element');
  if (element === undefined) throw new Error('the structure model has no Element type');
  return { resources, element, primitives };
}

interface LinkContext {
  nodes: Map<string, MutableNode>;
  primitives: Map<string, PrimitiveRule>;
  binding: RequiredBinding | undefined;
  resourceId: boolean;
}

function addElement(
  parent: MutableNode,
  row: ElementRow,
  types: string[],
  inline: ObjectNode | undefined,
  definition: string,
  ctx: LinkContext,
): void {
  const name = row.p.slice(row.p.lastIndexOf('.') + 1);
  const isChoice = name.endsWith('[x]');
  const base = isChoice ? name.slice(0, -3) : name;
  const max = row.max === '*' ? Infinity : Number(row.max);
  const keys: string[] = [];
  for (const type of types) {
    const key = isChoice ? base + type[0]!.toUpperCase() + type.slice(1) : base;
    const primitive = ctx.primitives.get(type);
    const kind: ChildKind = primitive ? 'primitive' : type === 'Resource' ? 'resource' : 'complex';
    const node = inline ?? (kind === 'complex' ? ctx.nodes.get(type) : undefined);
    if (kind === 'complex' && node === undefined) throw new Error(`${definition} has unknown type ${type}`);
    parent.children.set(key, {
      key,
      definition,
      min: row.min,
      max,
      array: max > 1,
      kind,
      type,
      primitive,
      node,
      allowExtension: kind === 'primitive' && row.sys !== true,
      resourceId: ctx.resourceId,
      choice: isChoice ? base : undefined,
      binding: ctx.binding,
    });
    keys.push(key);
    if (kind === 'primitive' && row.sys !== true) keys.push(`_${key}`);
  }
  if (row.min > 0) parent.required.push({ definition, keys });
}
