import type { ElementContext, ElementModel } from './element-model.js';
import { contextName } from './element-model.js';
import type { Chain, Step } from './fhirpath-subset.js';
import { referenceTargetType } from './reference-parts.js';

/** Receives each selected value with its FHIR type (or backbone path, e.g. `Observation.component`). */
export type Sink<O> = (value: unknown, type: string, out: O) => void;
/** A compiled expression: walks one focus value and feeds the sink. */
export type Walker<O> = (focus: unknown, out: O) => void;

type Edge =
  /** Restart from the indexed resource (`%resource`). */
  | { k: 'root' }
  | { k: 'key'; key: string }
  | { k: 'refIs'; type: string }
  | { k: 'eq'; key: string; value: string }
  | { k: 'hasExt'; url: string }
  | { k: 'ext'; url: string };

interface Branch {
  edges: Edge[];
  ctx: ElementContext | undefined;
  type: string;
}

interface TrieNode {
  edges: Map<string, { edge: Edge; node: TrieNode }>;
  terminal: string | undefined;
}

export interface CompiledPath<O> {
  walker: Walker<O>;
  /** Every type the walker may report, e.g. to compile composite components per element type. */
  types: Set<string>;
}

export type CompileResult<O> = CompiledPath<O> | { unsupported: string };

/**
 * Compiles parsed chains into a plain walker. Each chain is resolved against the structure model
 * into branches of concrete JSON keys (a choice element fans out into one branch per type, which
 * `ofType` then prunes), and the branches are merged into a trie so a shared prefix such as
 * `Observation.component` is walked once.
 */
export function compileChains<O>(
  chains: Chain[],
  focus: ElementContext,
  resourceCtx: ElementContext,
  model: ElementModel,
  sink: Sink<O>,
  rootOf?: (out: O) => unknown,
): CompileResult<O> {
  const root: TrieNode = { edges: new Map(), terminal: undefined };
  const types = new Set<string>();
  for (const chain of chains) {
    if (chain.root.k === 'resource' && rootOf === undefined) return { unsupported: '%resource' };
    const branches = resolveChain(chain, focus, resourceCtx, model);
    if (typeof branches === 'string') return { unsupported: branches };
    for (const b of branches) {
      let node = root;
      for (const edge of b.edges) {
        const id = JSON.stringify(edge);
        let next = node.edges.get(id);
        if (next === undefined) {
          next = { edge, node: { edges: new Map(), terminal: undefined } };
          node.edges.set(id, next);
        }
        node = next.node;
      }
      node.terminal = b.type;
      types.add(b.type);
    }
  }
  return { walker: build(root, sink, rootOf), types };
}

function resolveChain(
  chain: Chain,
  focus: ElementContext,
  resourceCtx: ElementContext,
  model: ElementModel,
): Branch[] | string {
  let steps = chain.steps;
  let start: ElementContext = focus;
  const edges: Edge[] = [];
  if (chain.root.k === 'resource') {
    start = resourceCtx;
    edges.push({ k: 'root' });
  } else {
    const name = chain.root.name;
    const ancestor = name === 'Resource' || name === 'DomainResource';
    // As in FHIRPath, a leading type name matching the focus selects the focus itself.
    const isRootType = focus.prefix === '' && (name === focus.type || ancestor);
    if (!isRootType) {
      if (model.isResourceType(name) || ancestor) {
        return `path rooted at ${name}`;
      }
      steps = [{ k: 'child', name }, ...steps];
    }
  }
  let branches: Branch[] = [{ edges, ctx: start, type: contextName(start) }];
  for (const step of steps) {
    const next = applyStep(branches, step, model);
    if (typeof next === 'string') return next;
    branches = next;
  }
  return branches;
}

function applyStep(branches: Branch[], step: Step, model: ElementModel): Branch[] | string {
  const out: Branch[] = [];
  for (const b of branches) {
    switch (step.k) {
      case 'child': {
        if (b.ctx === undefined) return `navigation below ${b.type}`;
        const props = model.children(b.ctx, step.name);
        if (props === undefined) return `no element ${contextName(b.ctx)}.${step.name}`;
        for (const p of props) {
          out.push({ edges: [...b.edges, { k: 'key', key: p.key }], ctx: p.ctx, type: p.type });
        }
        break;
      }
      case 'ofType':
        if (model.isSubtype(b.type, step.type)) out.push(b);
        break;
      case 'refIs':
        if (b.type !== 'Reference') return `resolve() on ${b.type}`;
        out.push({ ...b, edges: [...b.edges, { k: 'refIs', type: step.type }] });
        break;
      case 'eq': {
        const props = b.ctx === undefined ? undefined : model.children(b.ctx, step.name);
        const prop = props?.[0];
        if (props?.length !== 1 || prop === undefined || !prop.single || prop.ctx !== undefined) {
          return `comparison on ${b.type}.${step.name}`;
        }
        out.push({ ...b, edges: [...b.edges, { k: 'eq', key: prop.key, value: step.value }] });
        break;
      }
      case 'hasExt':
        out.push({ ...b, edges: [...b.edges, { k: 'hasExt', url: step.url }] });
        break;
      case 'ext': {
        if (b.ctx === undefined) return `extension() on ${b.type}`;
        const ctx: ElementContext = { type: 'Extension', prefix: '' };
        out.push({ edges: [...b.edges, { k: 'ext', url: step.url }], ctx, type: 'Extension' });
        break;
      }
    }
  }
  return out;
}

function build<O>(node: TrieNode, sink: Sink<O>, rootOf: ((out: O) => unknown) | undefined): Walker<O> {
  const kids = [...node.edges.values()].map(({ edge, node: child }) =>
    edgeWalker(edge, build(child, sink, rootOf), rootOf),
  );
  const terminal = node.terminal;
  if (terminal !== undefined && kids.length === 0) return (v, out) => sink(v, terminal, out);
  if (terminal === undefined && kids.length === 1) return kids[0]!;
  return (v, out) => {
    if (terminal !== undefined) sink(v, terminal, out);
    for (let i = 0; i < kids.length; i++) kids[i]!(v, out);
  };
}

type Json = Record<string, unknown>;

function edgeWalker<O>(edge: Edge, next: Walker<O>, rootOf: ((out: O) => unknown) | undefined): Walker<O> {
  switch (edge.k) {
    case 'root': {
      const resourceOf = rootOf ?? (() => undefined);
      return (_v, out) => next(resourceOf(out), out);
    }
    case 'key': {
      const key = edge.key;
      return (v, out) => {
        if (typeof v !== 'object' || v === null) return;
        const x = (v as Json)[key];
        if (x === undefined || x === null) return;
        if (Array.isArray(x)) {
          for (let i = 0; i < x.length; i++) {
            const e: unknown = x[i];
            if (e !== null && e !== undefined) next(e, out);
          }
        } else next(x, out);
      };
    }
    case 'refIs': {
      const type = edge.type;
      return (v, out) => {
        if (referenceTargetType(v) === type) next(v, out);
      };
    }
    case 'eq': {
      const { key, value } = edge;
      return (v, out) => {
        if (typeof v === 'object' && v !== null && (v as Json)[key] === value) next(v, out);
      };
    }
    case 'hasExt': {
      const url = edge.url;
      return (v, out) => {
        if (typeof v === 'object' && v !== null && extensions(v as Json).some((e) => e.url === url)) {
          next(v, out);
        }
      };
    }
    case 'ext': {
      const url = edge.url;
      return (v, out) => {
        if (typeof v !== 'object' || v === null) return;
        for (const e of extensions(v as Json)) if (e.url === url) next(e, out);
      };
    }
  }
}

function extensions(v: Json): Json[] {
  const ext = v.extension;
  return Array.isArray(ext) ? ext.filter((e): e is Json => typeof e === 'object' && e !== null) : [];
}
