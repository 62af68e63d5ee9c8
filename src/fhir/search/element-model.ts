import type { StructureModel } from '../validation/index.js';

/**
 * Where a path stands in the structure model: a type, or a backbone element inside one
 * (`Observation` + `component`). Its name, `Observation.component`, is what a walker reports as
 * the type of such an element.
 */
export interface ElementContext {
  readonly type: string;
  readonly prefix: string;
}

export function contextName(ctx: ElementContext): string {
  return ctx.prefix === '' ? ctx.type : `${ctx.type}.${ctx.prefix}`;
}

/** One JSON property a FHIRPath element name selects; a choice element has one per type. */
export interface ChildProperty {
  readonly key: string;
  /** The FHIR type, or the backbone path for inline elements. */
  readonly type: string;
  /** Where navigation continues; undefined for primitives and contained resources. */
  readonly ctx: ElementContext | undefined;
  /** Declared `0..1`/`1..1`, so the JSON holds one value, not an array. */
  readonly single: boolean;
}

export interface ElementModel {
  /** The JSON properties `name` selects below `ctx`, or undefined when no such element exists. */
  children(ctx: ElementContext, name: string): ChildProperty[] | undefined;
  /** The context a reported type name stands for (`Observation.component`, `UsageContext`). */
  contextOf(typeName: string): ElementContext | undefined;
  isResourceType(name: string): boolean;
  /** FHIR type inheritance as FHIRPath sees it: Age is a Quantity, canonical is a uri. */
  isSubtype(type: string, of: string): boolean;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Lookups over the compiled R4 structure model. `type2Parent` is the fhirpath library's R4 type
 * hierarchy, used so that native walkers and the library agree on what `ofType(Quantity)` keeps.
 */
export function createElementModel(
  model: StructureModel,
  type2Parent: Readonly<Record<string, string>>,
): ElementModel {
  const rowsByType = new Map<string, Map<string, StructureModel['types'][string]['elements'][number]>>();
  const rowsOf = (type: string) => {
    let rows = rowsByType.get(type);
    if (rows === undefined) {
      rows = new Map((model.types[type]?.elements ?? []).map((r) => [r.p, r]));
      rowsByType.set(type, rows);
    }
    return rows;
  };

  const children = (ctx: ElementContext, name: string): ChildProperty[] | undefined => {
    const rows = rowsOf(ctx.type);
    const path = ctx.prefix === '' ? name : `${ctx.prefix}.${name}`;
    const choice = rows.get(`${path}[x]`);
    const row = rows.get(path) ?? choice;
    if (row === undefined) return undefined;
    const target = row.ref === undefined ? row : rows.get(row.ref);
    if (target?.t === undefined) return undefined;
    const single = row.max === '0' || row.max === '1';
    if (target.bb === true) {
      const inner: ElementContext = { type: ctx.type, prefix: target.p };
      return [{ key: name, type: contextName(inner), ctx: inner, single }];
    }
    return target.t.map((type) => ({
      key: choice === undefined ? name : name + capitalise(type),
      type,
      ctx: model.types[type] === undefined || type === 'Resource' ? undefined : { type, prefix: '' },
      single,
    }));
  };

  const contextOf = (typeName: string): ElementContext | undefined => {
    const dot = typeName.indexOf('.');
    const type = dot < 0 ? typeName : typeName.slice(0, dot);
    if (model.types[type] === undefined) return undefined;
    return { type, prefix: dot < 0 ? '' : typeName.slice(dot + 1) };
  };

  const isSubtype = (type: string, of: string): boolean => {
    for (let t: string | undefined = type; t !== undefined; t = type2Parent[t]) {
      if (t === of) return true;
    }
    return false;
  };

  return {
    children,
    contextOf,
    isResourceType: (name) => model.types[name]?.kind === 'resource',
    isSubtype,
  };
}
