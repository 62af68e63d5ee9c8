import type { FhirResource } from '../resource.js';
import type { StructureModel } from '../validation/index.js';
import { createElementModel } from './element-model.js';
import { R4_TYPE_PARENTS } from './fhirpath-fallback.js';
import { compileParam } from './param-plan.js';
import type { CompileMode } from './param-plan.js';
import type { Walker } from './path-compiler.js';
import { tableOf } from './row-sinks.js';
import type { ExtractionState, RowTable } from './row-sinks.js';
import { textContent } from './text-content.js';
import type { Extractor, IndexRows, SearchRegistry } from './types.js';

export interface ExtractorOptions {
  /** Default `auto`; see CompileMode. */
  mode?: CompileMode;
  /**
   * Called when evaluating a parameter throws (only the fhirpath fallback can). The parameter then
   * contributes no rows and the rest of the resource is still indexed; without a handler the error
   * is swallowed, because one odd value must not make a valid resource unwritable.
   */
  onError?: (resourceType: string, code: string, error: unknown) => void;
}

/** How each (type, parameter) pair was compiled. */
export interface CompilationReport {
  native: { resourceType: string; code: string }[];
  fallback: { resourceType: string; code: string; expression: string; reason: string }[];
  /** Pairs that produce no rows: no expression for the type, `special`, `_text`/`_content`. */
  notIndexed: { resourceType: string; code: string; reason: string }[];
}

export interface SearchExtractor extends Extractor {
  readonly compilation: CompilationReport;
}

interface Plan {
  code: string;
  table: RowTable;
  run: Walker<ExtractionState>;
}

const emptyRows = (): IndexRows => ({
  token: [],
  string: [],
  date: [],
  number: [],
  quantity: [],
  reference: [],
  uri: [],
  composite: [],
  text: { narrative: null, content: '' },
});

/**
 * Rows that repeat within one parameter (FHIRPath unions drop duplicates, and a path can reach the
 * same value twice) are written once.
 */
function dropDuplicates(rows: object[], from: number): void {
  let write = from;
  for (let read = from; read < rows.length; read++) {
    const row = rows[read]!;
    let seen = false;
    // A parameter yields a handful of rows, so pairwise comparison beats hashing them.
    for (let i = from; i < write && !seen; i++) seen = sameRow(rows[i]!, row);
    if (!seen) rows[write++] = row;
  }
  rows.length = write;
}

function sameRow(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    keys++;
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    // Only composite components are nested; they are small.
    if (typeof u !== 'object' || typeof v !== 'object' || JSON.stringify(u) !== JSON.stringify(v)) {
      return false;
    }
  }
  for (const _k in y) keys--;
  return keys === 0;
}

/**
 * Compiles every (resource type, parameter) pair of the registry once, up front, and returns an
 * extractor that runs the compiled walkers over each resource written.
 */
export function createExtractor(
  registry: SearchRegistry,
  model: StructureModel,
  options: ExtractorOptions = {},
): SearchExtractor {
  const mode = options.mode ?? 'auto';
  const onError = options.onError;
  const elements = createElementModel(model, R4_TYPE_PARENTS);
  const plans = new Map<string, Plan[]>();
  const compilation: CompilationReport = { native: [], fallback: [], notIndexed: [] };

  for (const resourceType of registry.resourceTypes()) {
    const list: Plan[] = [];
    for (const info of registry.paramsFor(resourceType).values()) {
      const table = tableOf(info.type);
      const compiled = compileParam(resourceType, info, elements, mode);
      if (table === undefined || 'unsupported' in compiled) {
        const reason = 'unsupported' in compiled ? compiled.unsupported : `${info.type} parameter`;
        compilation.notIndexed.push({ resourceType, code: info.code, reason });
        continue;
      }
      if (compiled.native) compilation.native.push({ resourceType, code: info.code });
      else {
        compilation.fallback.push({
          resourceType,
          code: info.code,
          expression: info.expression ?? '',
          reason: compiled.reason ?? '',
        });
      }
      list.push({ code: info.code, table, run: compiled.run });
    }
    plans.set(resourceType, list);
  }

  return {
    compilation,
    extract(resource: FhirResource): IndexRows {
      const rows = emptyRows();
      const state: ExtractionState = { resource, rows };
      for (const plan of plans.get(resource.resourceType) ?? []) {
        const table: object[] = rows[plan.table];
        const before = table.length;
        try {
          plan.run(resource, state);
        } catch (error) {
          table.length = before;
          onError?.(resource.resourceType, plan.code, error);
        }
        if (table.length - before > 1) dropDuplicates(table, before);
      }
      rows.text = textContent(resource);
      return rows;
    },
  };
}
