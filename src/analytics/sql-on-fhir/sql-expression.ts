/**
 * FHIRPath → SQL over jsonb. Compiles one expression in a scope (the current focus, the resource,
 * `%rowIndex`) to an SqlValue; what has no translation throws Untranslatable.
 */
import type { FpNode } from './fhirpath-ast.js';
import { primitiveKind } from './fhir-model.js';
import { memberStep } from './jsonpath-chain.js';
import { callFunction, indexValue } from './sql-functions.js';
import { binaryOperator } from './sql-operators.js';
import type { SqlParams } from './sql-params.js';
import { Untranslatable } from './untranslatable.js';
import { asJsonOne, asPath, isOne, valueType } from './sql-value.js';
import type { SqlValue } from './sql-value.js';
import type { ViewConstant } from './view-definition.js';

export interface Scope {
  /** `$this`: the resource, a forEach item, or an item inside where(). */
  focus: SqlValue;
  /** `%resource`, and the input `getResourceKey()` accepts. */
  resource: SqlValue;
  /** SQL text of the resource's key (its id). */
  resourceKey: string;
  /** SQL integer of `%rowIndex`. */
  rowIndex: string;
}

export interface ExprContext {
  params: SqlParams;
  constants: Map<string, ViewConstant>;
  /** A fresh SQL alias (`_f3`); user text never names anything in the query. */
  alias(prefix: string): string;
}

export type Compile = (node: FpNode, scope: Scope) => SqlValue;

const NUMERIC_CONSTANTS = new Set(['decimal', 'integer', 'positiveInt', 'unsignedInt']);

/**
 * A literal or constant as a jsonb parameter: compared with document values as it is, with no per-row
 * conversion.
 */
function jsonLiteral(json: string, type: string, ctx: ExprContext): SqlValue {
  return { kind: 'json', sql: ctx.params.value(json, 'jsonb'), type };
}

function constant(name: string, scope: Scope, ctx: ExprContext): SqlValue {
  if (name === 'rowIndex') return { kind: 'num', sql: scope.rowIndex, integer: true };
  if (name === 'resource' || name === 'rootResource') return scope.resource;
  if (name === 'context') return scope.focus;
  if (name === 'ucum')
    return { kind: 'text', sql: ctx.params.value('http://unitsofmeasure.org', 'text'), type: 'uri' };
  const c = ctx.constants.get(name);
  if (!c) throw new Untranslatable(`the variable %${name}`);
  if (c.fhirType === 'boolean') return { kind: 'bool', sql: ctx.params.value(c.value, 'boolean') };
  if (NUMERIC_CONSTANTS.has(c.fhirType)) {
    return jsonLiteral(JSON.stringify(c.value), c.fhirType === 'decimal' ? 'decimal' : 'integer', ctx);
  }
  return jsonLiteral(JSON.stringify(c.value), c.fhirType, ctx);
}

function indexOf(node: FpNode, ctx: ExprContext): number {
  const value =
    node.kind === 'number'
      ? Number(node.text)
      : node.kind === 'constant'
        ? ctx.constants.get(node.name)?.value
        : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Untranslatable('an index that is not a non-negative integer literal or constant');
  }
  return value;
}

export function compileExpr(node: FpNode, scope: Scope, ctx: ExprContext): SqlValue {
  const compile: Compile = (n, s) => compileExpr(n, s, ctx);
  switch (node.kind) {
    case 'this':
      return scope.focus;
    case 'member': {
      const base = compile(node.base, scope);
      // `Patient.name` on a Patient: the type name at the start of a path names the input itself.
      if (node.base.kind === 'this' && base.kind !== 'empty' && valueType(base) === node.name) return base;
      if (base.kind === 'empty') return base;
      if (base.kind === 'text' || base.kind === 'num' || base.kind === 'bool') {
        throw new Untranslatable(`.${node.name} on a computed value`);
      }
      const p = asPath(base);
      return { kind: 'path', root: p.root, chain: memberStep(p.chain, node.name) };
    }
    case 'call':
      return callFunction(node, scope, ctx, compile);
    case 'index':
      return indexValue(compile(node.base, scope), indexOf(node.index, ctx), ctx);
    case 'binary':
      return binaryOperator(node.op, compile(node.left, scope), compile(node.right, scope), ctx);
    case 'negate': {
      const v = compile(node.operand, scope);
      if (v.kind === 'empty') return v;
      const kind = primitiveKind(valueType(v));
      if (v.kind !== 'num' && !(isOne(v) && (kind === 'integer' || kind === 'decimal'))) {
        throw new Untranslatable('unary minus on a non-number');
      }
      const num = v.kind === 'num' ? v.sql : `(${asJsonOne(v, ctx.params)})::numeric`;
      return { kind: 'num', sql: `(-${num})`, integer: kind === 'integer' };
    }
    case 'string':
      return jsonLiteral(JSON.stringify(node.value), 'string', ctx);
    case 'number':
      if (!/^[0-9]+(\.[0-9]+)?$/.test(node.text))
        throw new Untranslatable(`the number ${node.text.slice(0, 40)}`);
      // The literal is digits and at most one point: valid JSON as written, with all its digits.
      return jsonLiteral(node.text, node.text.includes('.') ? 'decimal' : 'integer', ctx);
    case 'boolean':
      return { kind: 'bool', sql: node.value ? 'true' : 'false' };
    case 'empty':
      return { kind: 'empty' };
    case 'temporal':
      return jsonLiteral(JSON.stringify(node.text), node.type, ctx);
    case 'constant':
      return constant(node.name, scope, ctx);
    case 'unsupported':
      throw new Untranslatable(`"${node.what.slice(0, 40)}"`);
  }
}
