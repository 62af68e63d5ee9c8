import { expect, it } from 'vitest';
import { loadR4Definitions } from './index.js';
import { checkPrimitive, compilePrimitiveRules, isBase64Binary } from './primitive-rules.js';

const model = loadR4Definitions();
const rules = compilePrimitiveRules(model.primitives);

it('compiles a rule for every R4 primitive type', () => {
  expect([...rules.keys()].sort()).toEqual(
    [
      'base64Binary',
      'boolean',
      'canonical',
      'code',
      'date',
      'dateTime',
      'decimal',
      'id',
      'instant',
      'integer',
      'markdown',
      'oid',
      'positiveInt',
      'string',
      'time',
      'unsignedInt',
      'uri',
      'url',
      'uuid',
      'xhtml',
    ].sort(),
  );
  expect(rules.get('positiveInt')).toMatchObject({ json: 'number', integer: true });
  expect(rules.get('decimal')).toMatchObject({ json: 'number', integer: false });
  expect(rules.get('boolean')).toMatchObject({ json: 'boolean' });
});

it('scans base64Binary exactly like the definition regex', () => {
  const regex = new RegExp(model.primitives.base64Binary!.pattern!);
  const alphabet = ['a', 'Z', '0', '+', '/', '=', ' ', '\n', '\t', '\r', '-', '\u00a0'];
  // A deterministic pseudo-random walk over short strings covers the spacing rules.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 20_000; n++) {
    let s = '';
    const len = next() % 14;
    for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
    expect(isBase64Binary(s), JSON.stringify(s)).toBe(regex.test(s));
  }
});

it('reports the kind of problem', () => {
  const integer = rules.get('integer')!;
  expect(checkPrimitive(integer, 1)).toBeUndefined();
  expect(checkPrimitive(integer, '1')).toBe('json-type');
  expect(checkPrimitive(integer, 2 ** 31)).toBe('range');
  expect(checkPrimitive(rules.get('unsignedInt')!, -1)).toBe('format');
  expect(checkPrimitive(rules.get('string')!, '')).toBe('empty');
  expect(checkPrimitive(rules.get('code')!, ' x')).toBe('format');
  expect(checkPrimitive(rules.get('boolean')!, 'true')).toBe('json-type');
  expect(checkPrimitive(rules.get('instant')!, '2020-01-01T00:00:00Z')).toBeUndefined();
  expect(checkPrimitive(rules.get('instant')!, '2020-01-01')).toBe('format');
});
