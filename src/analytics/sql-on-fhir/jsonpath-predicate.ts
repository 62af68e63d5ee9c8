/**
 * `where(…)` criteria as SQL/JSON path filter predicates, so that `name.where(use = 'official').family`
 * stays one path that PostgreSQL evaluates in a single pass.
 *
 * FHIRPath logic has three values (true, false, empty) and a filter keeps an item only when its
 * criteria are true. A jsonpath comparison with a missing operand is simply false, so `not()` cannot be
 * a plain `!`: each criterion is compiled into two predicates, one true exactly when the FHIRPath result
 * is true and one exactly when it is false; `not()` swaps them, `and`/`or` combine them like Kleene logic.
 * Anything outside this subset throws Untranslatable and the caller filters in SQL instead.
 */
import type { FpNode } from './fhirpath-ast.js';
import { typeNameArg } from './fhirpath-ast.js';
import { primitiveKind } from './fhir-model.js';
import { filterStep, indexStep, memberStep, ofTypeStep, settleChoice, startChain } from './jsonpath-chain.js';
import type { PathChain } from './jsonpath-chain.js';
import type { SqlParams } from './sql-params.js';
import { Untranslatable } from './untranslatable.js';
import type { ViewConstant } from './view-definition.js';

export interface PredicateContext {
  params: SqlParams;
  constants: Map<string, ViewConstant>;
}

interface Operand {
  text: string;
  one: boolean;
  type?: string;
  vars: boolean;
  /** Present when the operand is a navigable path (not a literal). */
  chain?: PathChain;
}

interface Predicate {
  t: string;
  f: string;
  vars: boolean;
}

const NUMBER = /^[0-9]{1,30}(\.[0-9]{1,30})?$/;

function fromChain(chain: PathChain): Operand {
  // A pending choice (`deceased` without ofType) compares as whichever variant is present.
  const settled = settleChoice(chain);
  const op: Operand = { text: settled.text, one: settled.one, vars: settled.vars, chain };
  if (settled.type !== undefined) op.type = settled.type;
  return op;
}

function chainOf(node: FpNode, itemType: string | undefined, ctx: PredicateContext): PathChain {
  const op = operand(node, itemType, ctx);
  if (!op.chain) throw new Untranslatable('navigation from a literal');
  return op.chain;
}

function constantOperand(name: string, ctx: PredicateContext): Operand {
  const c = ctx.constants.get(name);
  if (!c) throw new Untranslatable(`%${name} inside where()`);
  return { text: ctx.params.pathVariable(c.value, name), one: true, type: c.fhirType, vars: true };
}

function operand(node: FpNode, itemType: string | undefined, ctx: PredicateContext): Operand {
  switch (node.kind) {
    case 'this':
      return fromChain(startChain('@', itemType));
    case 'member':
      return fromChain(memberStep(chainOf(node.base, itemType, ctx), node.name));
    case 'string':
      return { text: ctx.params.pathVariable(node.value), one: true, type: 'string', vars: true };
    case 'number':
      if (!NUMBER.test(node.text)) throw new Untranslatable(`the number ${node.text.slice(0, 40)}`);
      return {
        text: node.text,
        one: true,
        type: node.text.includes('.') ? 'decimal' : 'integer',
        vars: false,
      };
    case 'boolean':
      return { text: String(node.value), one: true, type: 'boolean', vars: false };
    case 'constant':
      return constantOperand(node.name, ctx);
    case 'index': {
      const i = node.index.kind === 'number' ? Number(node.index.text) : Number.NaN;
      const chain = indexStep(chainOf(node.base, itemType, ctx), i);
      if (!chain) throw new Untranslatable('an index that is not right after a repeating element');
      return fromChain(chain);
    }
    case 'call':
      return callOperand(node, itemType, ctx);
    default:
      throw new Untranslatable(`${node.kind} inside where()`);
  }
}

function callOperand(
  node: Extract<FpNode, { kind: 'call' }>,
  itemType: string | undefined,
  ctx: PredicateContext,
): Operand {
  const chain = chainOf(node.base, itemType, ctx);
  switch (node.name) {
    case 'ofType': {
      const t = typeNameArg(node.args[0]);
      if (!t || node.args.length !== 1) throw new Untranslatable('ofType() needs a type name');
      return fromChain(ofTypeStep(chain, t, () => ctx.params.pathVariable(t)));
    }
    case 'where': {
      const arg = node.args[0];
      if (!arg || node.args.length !== 1) throw new Untranslatable('where() needs one argument');
      const p = predicate(arg, chain.type, ctx);
      return fromChain(filterStep(chain, p.t, p.vars));
    }
    case 'first': {
      const first = chain.one ? chain : indexStep(chain, 0);
      if (!first) throw new Untranslatable('first() of a computed collection');
      return fromChain(first);
    }
    case 'extension': {
      const url = node.args[0];
      if (url?.kind !== 'string' || node.args.length !== 1)
        throw new Untranslatable('extension() needs a url literal');
      const ext = memberStep(chain, 'extension');
      return fromChain(filterStep(ext, `@."url" == ${ctx.params.pathVariable(url.value)}`, true));
    }
    default:
      throw new Untranslatable(`${node.name}() inside where()`);
  }
}

const swap = (p: Predicate): Predicate => ({ t: p.f, f: p.t, vars: p.vars });

const ORDERED: Record<string, [string, string]> = {
  '<': ['<', '>='],
  '>': ['>', '<='],
  '<=': ['<=', '>'],
  '>=': ['>=', '<'],
};

function comparison(op: string, l: Operand, r: Operand): Predicate {
  if (!l.one || !r.one) throw new Untranslatable('a comparison of collections');
  const lk = primitiveKind(l.type);
  const rk = primitiveKind(r.type);
  if (!lk || !rk) throw new Untranslatable('a comparison of values of unknown type');
  const numeric = (k: string) => k === 'integer' || k === 'decimal';
  const comparable = lk === rk || (numeric(lk) && numeric(rk));
  // Dates and times compare by precision in FHIRPath, which only the SQL form implements.
  if (!comparable || ['date', 'dateTime', 'time'].includes(lk))
    throw new Untranslatable(`comparing ${lk} with ${rk}`);
  const vars = l.vars || r.vars;
  if (op === '=' || op === '!=') {
    const p = { t: `${l.text} == ${r.text}`, f: `${l.text} != ${r.text}`, vars };
    return op === '=' ? p : swap(p);
  }
  const ops = ORDERED[op];
  if (!ops || !numeric(lk)) throw new Untranslatable(`the ${op} comparison of ${lk} values`);
  return { t: `${l.text} ${ops[0]} ${r.text}`, f: `${l.text} ${ops[1]} ${r.text}`, vars };
}

function existence(chain: PathChain): Predicate {
  const settled = settleChoice(chain);
  return { t: `exists(${settled.text})`, f: `!(exists(${settled.text}))`, vars: settled.vars };
}

function predicate(node: FpNode, itemType: string | undefined, ctx: PredicateContext): Predicate {
  if (node.kind === 'binary') {
    if (node.op === 'and' || node.op === 'or') {
      const a = predicate(node.left, itemType, ctx);
      const b = predicate(node.right, itemType, ctx);
      const [t, f] = node.op === 'and' ? ['&&', '||'] : ['||', '&&'];
      return { t: `(${a.t} ${t} ${b.t})`, f: `(${a.f} ${f} ${b.f})`, vars: a.vars || b.vars };
    }
    if (['=', '!=', '<', '>', '<=', '>='].includes(node.op)) {
      return comparison(node.op, operand(node.left, itemType, ctx), operand(node.right, itemType, ctx));
    }
    throw new Untranslatable(`the ${node.op} operator inside where()`);
  }
  if (node.kind === 'call' && node.args.length <= 1) {
    if (node.name === 'not' && node.args.length === 0) return swap(predicate(node.base, itemType, ctx));
    if (node.name === 'exists' || node.name === 'empty') {
      let chain = chainOf(node.base, itemType, ctx);
      const criteria = node.args[0];
      if (criteria) {
        const p = predicate(criteria, chain.type, ctx);
        chain = filterStep(chain, p.t, p.vars);
      }
      const e = existence(chain);
      return node.name === 'exists' ? e : swap(e);
    }
  }
  if (node.kind === 'boolean') {
    const always = { t: 'exists(@)', f: '!(exists(@))', vars: false };
    return node.value ? always : swap(always);
  }
  const value = operand(node, itemType, ctx);
  if (!value.one || primitiveKind(value.type) !== 'boolean')
    throw new Untranslatable('a criterion that is not boolean');
  return { t: `${value.text} == true`, f: `${value.text} == false`, vars: value.vars };
}

/** The jsonpath filter predicate of `where(criteria)` over items of type `itemType`. */
export function wherePredicate(
  criteria: FpNode,
  itemType: string | undefined,
  ctx: PredicateContext,
): { text: string; vars: boolean } {
  const p = predicate(criteria, itemType, ctx);
  return { text: p.t, vars: p.vars };
}
