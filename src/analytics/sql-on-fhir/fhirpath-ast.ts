/**
 * A small FHIRPath syntax tree, converted from the parse tree of HL7's `fhirpath` engine so that the view
 * validator and the SQL compiler reason about one clean shape instead of the grammar's node zoo.
 * Constructs neither needs (quantities, `is`/`as`, `$index`, …) become `unsupported` nodes that keep
 * their operands, so constant references inside them are still seen.
 */
import fhirpath from 'fhirpath';

export type BinaryOp =
  | '='
  | '!='
  | '~'
  | '!~'
  | '<'
  | '>'
  | '<='
  | '>='
  | 'and'
  | 'or'
  | 'xor'
  | 'implies'
  | '+'
  | '-'
  | '*'
  | '/'
  | 'div'
  | 'mod'
  | '&'
  | '|'
  | 'in'
  | 'contains';

export type FpNode =
  | { kind: 'this' }
  | { kind: 'member'; base: FpNode; name: string }
  | { kind: 'call'; base: FpNode; name: string; args: FpNode[] }
  | { kind: 'index'; base: FpNode; index: FpNode }
  | { kind: 'binary'; op: BinaryOp; left: FpNode; right: FpNode }
  | { kind: 'negate'; operand: FpNode }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'empty' }
  | { kind: 'temporal'; type: 'date' | 'dateTime' | 'time'; text: string }
  | { kind: 'constant'; name: string }
  | { kind: 'unsupported'; what: string; children: FpNode[] };

interface RawNode {
  type: string;
  text?: string;
  delimitedText?: string;
  children?: RawNode[];
}

const BINARY_NODES = new Set([
  'MultiplicativeExpression',
  'AdditiveExpression',
  'UnionExpression',
  'InequalityExpression',
  'EqualityExpression',
  'MembershipExpression',
  'AndExpression',
  'OrExpression',
  'XorExpression',
  'ImpliesExpression',
]);

const BINARY_OPS = new Set<string>([
  '=',
  '!=',
  '~',
  '!~',
  '<',
  '>',
  '<=',
  '>=',
  'and',
  'or',
  'xor',
  'implies',
  '+',
  '-',
  '*',
  '/',
  'div',
  'mod',
  '&',
  '|',
  'in',
  'contains',
]);

/** Parses FHIRPath text; throws the engine's syntax error unchanged (callers wrap it). */
export function parseFhirPath(text: string): FpNode {
  const raw = fhirpath.parse(text) as RawNode;
  return convert(raw);
}

function child(node: RawNode, i: number): RawNode {
  const c = node.children?.[i];
  if (!c) throw new Error(`Malformed FHIRPath parse tree at ${node.type}`);
  return c;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, sub: string) => {
    if (sub.length > 1) return String.fromCharCode(parseInt(sub.slice(1), 16));
    return ({ r: '\r', n: '\n', t: '\t', f: '\f' } as Record<string, string>)[sub] ?? sub;
  });
}

function identifier(text: string | undefined): string {
  const t = text ?? '';
  return t.startsWith('`') && t.endsWith('`') && t.length >= 2 ? unescape(t.slice(1, -1)) : t;
}

function convert(node: RawNode): FpNode {
  switch (node.type) {
    case 'EntireExpression':
    case 'TermExpression':
    case 'InvocationTerm':
    case 'LiteralTerm':
    case 'ParenthesizedTerm':
      return node.type === 'InvocationTerm'
        ? invocation({ kind: 'this' }, child(node, 0))
        : convert(child(node, 0));
    case 'InvocationExpression':
      return invocation(convert(child(node, 0)), child(node, 1));
    case 'IndexerExpression':
      return { kind: 'index', base: convert(child(node, 0)), index: convert(child(node, 1)) };
    case 'PolarityExpression': {
      const operand = convert(child(node, 0));
      return node.text === '-' ? { kind: 'negate', operand } : operand;
    }
    case 'ExternalConstantTerm': {
      const text = node.delimitedText ?? node.text ?? '';
      const name =
        text.startsWith("'") && text.endsWith("'") ? unescape(text.slice(1, -1)) : identifier(text);
      return { kind: 'constant', name };
    }
    case 'StringLiteral':
      return { kind: 'string', value: unescape((node.text ?? "''").slice(1, -1)) };
    case 'NumberLiteral':
      return { kind: 'number', text: node.text ?? '0' };
    case 'BooleanLiteral':
      return { kind: 'boolean', value: node.text === 'true' };
    case 'NullLiteral':
      return { kind: 'empty' };
    case 'DateLiteral':
      return { kind: 'temporal', type: 'date', text: (node.text ?? '').slice(1) };
    case 'DateTimeLiteral':
      return { kind: 'temporal', type: 'dateTime', text: (node.text ?? '').slice(1) };
    case 'TimeLiteral':
      return { kind: 'temporal', type: 'time', text: (node.text ?? '').slice(2) };
    default:
      if (BINARY_NODES.has(node.type) && BINARY_OPS.has(node.text ?? '')) {
        return {
          kind: 'binary',
          op: node.text as BinaryOp,
          left: convert(child(node, 0)),
          right: convert(child(node, 1)),
        };
      }
      return unsupported(node);
  }
}

function unsupported(node: RawNode): FpNode {
  const children = (node.children ?? []).filter((c) => !/Identifier|TypeSpecifier/.test(c.type)).map(convert);
  return { kind: 'unsupported', what: node.text ?? node.type, children };
}

/** Applies one invocation (member, function, `$this`) to `base`. */
function invocation(base: FpNode, node: RawNode): FpNode {
  switch (node.type) {
    case 'MemberInvocation':
      return { kind: 'member', base, name: identifier(child(node, 0).text) };
    case 'ThisInvocation':
      return base.kind === 'this' ? base : { kind: 'unsupported', what: '$this', children: [base] };
    case 'FunctionInvocation': {
      const fn = child(node, 0);
      const name = identifier(child(fn, 0).text);
      const params = fn.children?.[1];
      const args = params ? (params.children ?? []).map(convert) : [];
      return { kind: 'call', base, name, args };
    }
    default:
      return base.kind === 'this'
        ? convert(node)
        : { kind: 'unsupported', what: node.type, children: [base] };
  }
}

/** Every `%name` the expression refers to. */
export function constantNames(node: FpNode, into: Set<string> = new Set()): Set<string> {
  switch (node.kind) {
    case 'constant':
      into.add(node.name);
      break;
    case 'member':
      constantNames(node.base, into);
      break;
    case 'call':
      constantNames(node.base, into);
      for (const a of node.args) constantNames(a, into);
      break;
    case 'index':
      constantNames(node.base, into);
      constantNames(node.index, into);
      break;
    case 'binary':
      constantNames(node.left, into);
      constantNames(node.right, into);
      break;
    case 'negate':
      constantNames(node.operand, into);
      break;
    case 'unsupported':
      for (const c of node.children) constantNames(c, into);
      break;
    default:
      break;
  }
  return into;
}

/** A type name given as a function argument (`ofType(Quantity)`, `getReferenceKey(FHIR.Patient)`). */
export function typeNameArg(node: FpNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'member' && node.base.kind === 'this') return node.name;
  if (node.kind === 'member' && node.base.kind === 'member' && node.base.base.kind === 'this') {
    return node.base.name === 'FHIR' || node.base.name === 'System' ? node.name : undefined;
  }
  return undefined;
}
