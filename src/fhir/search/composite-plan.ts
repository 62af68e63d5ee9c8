import type { ElementContext, ElementModel } from './element-model.js';
import { compileFallback } from './fhirpath-fallback.js';
import { parseSearchExpression } from './fhirpath-subset.js';
import { compileChains } from './path-compiler.js';
import type { Sink, Walker } from './path-compiler.js';
import { componentSink, resourceOf } from './row-sinks.js';
import type { ComponentScratch, ExtractionState } from './row-sinks.js';
import type { CompileMode, CompiledParam } from './param-plan.js';
import type { ComponentValue, SearchParamComponent, SearchParamInfo } from './types.js';

/** A guard against pathological products (an element whose code has dozens of codings). */
const MAX_ROWS_PER_ELEMENT = 256;

type ComponentWalker = Walker<ComponentScratch>;

function product(lists: ComponentValue[][]): ComponentValue[][] {
  let combos: ComponentValue[][] = [[]];
  for (const list of lists) {
    const next: ComponentValue[][] = [];
    for (const combo of combos) {
      for (const v of list) {
        if (next.length >= MAX_ROWS_PER_ELEMENT) break;
        next.push([...combo, v]);
      }
    }
    combos = next;
  }
  return combos;
}

/**
 * Compiles a composite parameter: its expression selects elements (an Observation, each
 * Observation.component), and each component expression is evaluated on one element at a time, so
 * a component's code is never paired with another component's value. Each element gives one row
 * per combination of its component values (usually exactly one).
 */
export function compileComposite(
  info: SearchParamInfo & { expression: string },
  resourceType: string,
  model: ElementModel,
  mode: CompileMode,
): CompiledParam | { unsupported: string } {
  const components = info.components ?? [];
  const sinks: Sink<ComponentScratch>[] = [];
  for (const c of components) {
    const sink = componentSink(c.type);
    if (sink === undefined) return { unsupported: `component ${c.code} of type ${c.type}` };
    sinks.push(sink);
  }
  const resourceCtx: ElementContext = { type: resourceType, prefix: '' };
  const fallbackReasons: string[] = [];

  const compileComponent = (c: SearchParamComponent, i: number, elementType: string): ComponentWalker => {
    const sink = sinks[i]!;
    const ctx = model.contextOf(elementType);
    const chains = mode === 'fallback' ? undefined : parseSearchExpression(c.expression);
    if (ctx !== undefined && chains !== undefined) {
      const compiled = compileChains(chains, ctx, resourceCtx, model, sink, resourceOf);
      if (!('unsupported' in compiled)) return compiled.walker;
      fallbackReasons.push(`component ${c.code}: ${compiled.unsupported}`);
    } else if (mode !== 'fallback') fallbackReasons.push(`component ${c.code}: outside the subset`);
    return compileFallback(c.expression, sink, resourceOf, elementType);
  };

  // Keyed by the element type the base reports; filled up front for native bases, lazily otherwise.
  const byElementType = new Map<string, ComponentWalker[]>();
  const componentsFor = (elementType: string): ComponentWalker[] => {
    let walkers = byElementType.get(elementType);
    if (walkers === undefined) {
      walkers = components.map((c, i) => compileComponent(c, i, elementType));
      byElementType.set(elementType, walkers);
    }
    return walkers;
  };

  const elementSink: Sink<ExtractionState> = (element, elementType, state) => {
    const walkers = componentsFor(elementType);
    const lists: ComponentValue[][] = [];
    for (const walk of walkers) {
      const scratch: ComponentScratch = { resource: state.resource, values: [] };
      walk(element, scratch);
      if (scratch.values.length === 0) return;
      lists.push(scratch.values);
    }
    for (const combo of product(lists)) state.rows.composite.push({ param: info.code, components: combo });
  };

  const chains = mode === 'fallback' ? undefined : parseSearchExpression(info.expression);
  if (chains !== undefined) {
    const base = compileChains(chains, resourceCtx, resourceCtx, model, elementSink, resourceOf);
    if (!('unsupported' in base)) {
      for (const t of base.types) componentsFor(t);
      if (fallbackReasons.length === 0 || mode !== 'native') {
        return {
          run: base.walker,
          native: fallbackReasons.length === 0,
          reason: fallbackReasons.join('; ') || undefined,
        };
      }
      return { unsupported: fallbackReasons.join('; ') };
    }
    if (mode === 'native') return { unsupported: base.unsupported };
    fallbackReasons.push(base.unsupported);
  } else if (mode === 'native') return { unsupported: 'outside the subset' };
  return {
    run: compileFallback(info.expression, elementSink, resourceOf),
    native: false,
    reason: fallbackReasons.join('; ') || 'fallback requested',
  };
}
