/**
 * A parser for the small part of FHIRPath that search parameter expressions mostly use. Anything
 * outside it yields undefined, and the caller evaluates that expression with the fhirpath library.
 *
 * The result is a flat union of chains: `(a | b).c` becomes `a.c | b.c` and `x as T` becomes
 * `x.ofType(T)`. Both keep the set of selected values, which is all indexing needs. Reading `as` as
 * `ofType` is deliberate: R4 expressions such as `(Observation.component.value as Quantity)` apply
 * `as` to collections, which strict FHIRPath rejects; R5 rewrote them with `ofType`.
 */

export type ChainRoot =
  /** First identifier: the context type (`Observation`), an ancestor (`Resource`) or an element. */
  | { k: 'name'; name: string }
  /** `%resource`: the resource being indexed, from inside a composite component. */
  | { k: 'resource' };

export type Step =
  | { k: 'child'; name: string }
  | { k: 'ofType'; type: string }
  /** `where(resolve() is T)`: references whose target is of type T. */
  | { k: 'refIs'; type: string }
  /** `where(name = 'literal')`. */
  | { k: 'eq'; name: string; value: string }
  | { k: 'hasExt'; url: string }
  /** `extension('url')`. */
  | { k: 'ext'; url: string };

export interface Chain {
  root: ChainRoot;
  steps: Step[];
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'env'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: string }
  | { t: 'op'; v: string };

/** FHIRPath System type names as R4 search expressions use them for FHIR types (`as(DateTime)`). */
const SYSTEM_TO_FHIR: Readonly<Record<string, string>> = {
  Boolean: 'boolean',
  String: 'string',
  Integer: 'integer',
  Decimal: 'decimal',
  Date: 'date',
  DateTime: 'dateTime',
  Time: 'time',
};

/** The FHIR type a type specifier in an R4 search expression means. */
export function fhirTypeName(spec: string): string {
  const name = spec.replace(/^(FHIR|System)\./, '');
  return SYSTEM_TO_FHIR[name] ?? name;
}

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ?? /^`([^`]+)`/.exec(rest);
    if (id) {
      out.push({ t: 'id', v: id[1] ?? id[0] });
      i += id[0].length;
      continue;
    }
    const env = /^%([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (env) {
      out.push({ t: 'env', v: env[1]! });
      i += env[0].length;
      continue;
    }
    const str = /^'((?:[^'\\]|\\.)*)'/.exec(rest);
    if (str) {
      out.push({ t: 'str', v: str[1]!.replace(/\\(.)/g, '$1') });
      i += str[0].length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(rest);
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const op = /^(!=|[.()|=,[\]])/.exec(rest);
    if (!op) return undefined;
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

class Unsupported extends Error {}

/** Parses `expression` into chains, or undefined when it uses anything outside the subset. */
export function parseSearchExpression(expression: string): Chain[] | undefined {
  const tokens = tokenize(expression);
  if (tokens === undefined) return undefined;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => {
    const t = tokens[pos];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const expectOp = (v: string): void => {
    if (!isOp(v)) throw new Unsupported();
    pos++;
  };
  const expect = <K extends Token['t']>(t: K): string => {
    const tok = tokens[pos];
    if (tok === undefined || tok.t !== t) throw new Unsupported();
    pos++;
    return tok.v;
  };
  const typeSpec = (): string => {
    let name = expect('id');
    while (isOp('.') && tokens[pos + 1]?.t === 'id') {
      pos++;
      name += '.' + expect('id');
    }
    return fhirTypeName(name);
  };

  const criteria = (): Step => {
    const first = expect('id');
    if (first === 'resolve') {
      expectOp('(');
      expectOp(')');
      if (expect('id') !== 'is') throw new Unsupported();
      return { k: 'refIs', type: typeSpec() };
    }
    if (first === 'hasExtension') {
      expectOp('(');
      const url = expect('str');
      expectOp(')');
      return { k: 'hasExt', url };
    }
    expectOp('=');
    return { k: 'eq', name: first, value: expect('str') };
  };

  const invocation = (): Step => {
    const name = expect('id');
    if (!isOp('(')) return { k: 'child', name };
    pos++;
    let step: Step;
    if (name === 'as' || name === 'ofType') step = { k: 'ofType', type: typeSpec() };
    else if (name === 'extension') step = { k: 'ext', url: expect('str') };
    else if (name === 'where') step = criteria();
    else throw new Unsupported();
    expectOp(')');
    return step;
  };

  const term = (): Chain[] => {
    const tok = peek();
    if (tok === undefined) throw new Unsupported();
    if (tok.t === 'op' && tok.v === '(') {
      pos++;
      const inner = union();
      expectOp(')');
      return inner;
    }
    if (tok.t === 'env' && tok.v === 'resource') {
      pos++;
      return [{ root: { k: 'resource' }, steps: [] }];
    }
    if (tok.t === 'id' && tokens[pos + 1]?.v !== '(') {
      pos++;
      return [{ root: { k: 'name', name: tok.v }, steps: [] }];
    }
    throw new Unsupported();
  };

  const postfix = (): Chain[] => {
    let chains = term();
    while (isOp('.')) {
      pos++;
      const step = invocation();
      chains = chains.map((c) => ({ root: c.root, steps: [...c.steps, step] }));
    }
    return chains;
  };

  const cast = (): Chain[] => {
    const chains = postfix();
    const tok = peek();
    if (tok?.t === 'id' && tok.v === 'as') {
      pos++;
      const step: Step = { k: 'ofType', type: typeSpec() };
      return chains.map((c) => ({ root: c.root, steps: [...c.steps, step] }));
    }
    return chains;
  };

  const union = (): Chain[] => {
    const chains = cast();
    while (isOp('|')) {
      pos++;
      chains.push(...cast());
    }
    return chains;
  };

  try {
    const chains = union();
    return pos === tokens.length ? chains : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/**
 * The same expression as the fhirpath library should evaluate it: `as` rewritten to `ofType`
 * (see above) and System type names mapped to the FHIR types they stand for.
 */
export function fallbackExpression(expression: string): string {
  return expression
    .replace(/\.as\(\s*([A-Za-z.]+)\s*\)/g, (_m, t: string) => `.ofType(${fhirTypeName(t)})`)
    .replace(/\s+as\s+([A-Za-z.]+)/g, (_m, t: string) => `.ofType(${fhirTypeName(t)})`);
}
