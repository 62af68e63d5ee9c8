import { compileComposite } from './composite-plan.js';
import type { ElementModel } from './element-model.js';
import { compileFallback } from './fhirpath-fallback.js';
import { parseSearchExpression } from './fhirpath-subset.js';
import { compileChains } from './path-compiler.js';
import type { Walker } from './path-compiler.js';
import { resourceOf, rowSink } from './row-sinks.js';
import type { ExtractionState } from './row-sinks.js';
import type { SearchParamInfo } from './types.js';

/**
 * `auto` compiles natively where it can and falls back to the fhirpath library elsewhere; `native`
 * and `fallback` force one side, which is how the tests prove both give the same rows.
 */
export type CompileMode = 'auto' | 'native' | 'fallback';

export interface CompiledParam {
  run: Walker<ExtractionState>;
  native: boolean;
  /** Why the fhirpath library is used, when it is. */
  reason: string | undefined;
}

/**
 * Compiles one (resource type, parameter) pair. Returns `unsupported` when nothing can index it:
 * no expression for this type, a `special` parameter, or `native` mode on an expression outside
 * the subset.
 */
export function compileParam(
  resourceType: string,
  info: SearchParamInfo,
  model: ElementModel,
  mode: CompileMode,
): CompiledParam | { unsupported: string } {
  const expression = info.expression;
  if (expression === undefined) return { unsupported: 'no expression for this type' };
  if (info.type === 'composite') return compileComposite({ ...info, expression }, resourceType, model, mode);
  const sink = rowSink(info.type, info.code);
  if (sink === undefined) return { unsupported: `${info.type} parameters are not indexed` };

  let reason = 'fallback requested';
  if (mode !== 'fallback') {
    const chains = parseSearchExpression(expression);
    if (chains === undefined) reason = 'outside the FHIRPath subset';
    else {
      const ctx = { type: resourceType, prefix: '' };
      const compiled = compileChains(chains, ctx, ctx, model, sink, resourceOf);
      if (!('unsupported' in compiled)) return { run: compiled.walker, native: true, reason: undefined };
      reason = compiled.unsupported;
    }
    if (mode === 'native') return { unsupported: reason };
  }
  return { run: compileFallback(expression, sink, resourceOf), native: false, reason };
}
