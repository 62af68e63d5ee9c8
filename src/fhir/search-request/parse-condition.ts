import { errors } from '../operation-outcome.js';
import type { ParseOptions } from './parse-search.js';
import type { ComponentValue, IndexCondition, ParamDefinition, ParamType } from './types.js';
import {
  parseDate,
  parseNumber,
  parseQuantity,
  parseReference,
  parseToken,
  splitUnescaped,
  unescapeValue,
} from './values.js';

const MODIFIERS: Record<ParamType, string[]> = {
  token: ['not', 'text', 'of-type'],
  string: ['exact', 'contains'],
  reference: ['identifier'],
  uri: ['above', 'below'],
  date: [],
  number: [],
  quantity: [],
  composite: [],
  special: [],
};

/** Parses the comma-separated values of one parameter into a condition on its index table. */
export function parseCondition(
  def: ParamDefinition,
  name: string,
  modifier: string | undefined,
  rawValues: string[],
  options: ParseOptions,
): IndexCondition {
  const isType = (t: string) => options.lookup.isResourceType(t);
  const typeModifier =
    def.type === 'reference' && modifier !== undefined && isType(modifier) ? modifier : undefined;
  if (modifier !== undefined && !typeModifier && !MODIFIERS[def.type].includes(modifier)) {
    throw errors.unknownParameter(
      `${name}: the modifier ":${modifier.slice(0, 40)}" is not supported for ${def.type} parameters.`,
    );
  }
  if (typeModifier && def.targets.length > 0 && !def.targets.includes(typeModifier)) {
    throw errors.invalidParameter(`${name}: ${def.code} cannot refer to a ${typeModifier}.`);
  }
  switch (def.type) {
    case 'token':
      if (modifier === 'text')
        return { type: 'token', mode: 'text', values: [], text: rawValues.map(unescapeValue) };
      if (modifier === 'of-type') {
        return {
          type: 'token',
          mode: 'of-type',
          values: [],
          ofType: rawValues.map((v) => {
            const parts = splitUnescaped(v, '|');
            if (parts.length !== 3 || parts.some((p) => p === '')) {
              throw errors.invalidParameter(`${name}: :of-type takes system|code|value.`);
            }
            const [system, code, value] = parts.map(unescapeValue) as [string, string, string];
            return { system, code, value };
          }),
        };
      }
      return {
        type: 'token',
        mode: modifier === 'not' ? 'not' : 'match',
        values: rawValues.map((v) => parseToken(name, v)),
      };
    case 'string':
      return {
        type: 'string',
        mode: modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'starts',
        values: rawValues.map(unescapeValue),
      };
    case 'date':
      return { type: 'date', values: rawValues.map((v) => parseDate(name, v)) };
    case 'number':
      return { type: 'number', values: rawValues.map((v) => parseNumber(name, v)) };
    case 'quantity':
      return { type: 'quantity', values: rawValues.map((v) => parseQuantity(name, v)) };
    case 'uri':
      return {
        type: 'uri',
        mode: modifier === 'above' ? 'above' : modifier === 'below' ? 'below' : 'exact',
        values: rawValues.map(unescapeValue),
      };
    case 'reference':
      if (modifier === 'identifier') {
        return {
          type: 'reference',
          mode: 'identifier',
          values: [],
          identifiers: rawValues.map((v) => parseToken(name, v)),
        };
      }
      return {
        type: 'reference',
        mode: 'match',
        values: rawValues.map((v) => {
          const ref = parseReference(name, v, isType, options.base, typeModifier);
          if (ref.targetType && def.targets.length > 0 && !def.targets.includes(ref.targetType)) {
            throw errors.invalidParameter(`${name}: ${def.code} cannot refer to a ${ref.targetType}.`);
          }
          return ref;
        }),
      };
    case 'composite':
      return { type: 'composite', values: rawValues.map((v) => parseComposite(def, name, v, options)) };
    case 'special':
      throw errors.unknownParameter(`${name}: the special parameter ${def.code} is not supported.`);
  }
}

function parseComposite(
  def: ParamDefinition,
  name: string,
  raw: string,
  options: ParseOptions,
): ComponentValue[] {
  const parts = splitUnescaped(raw, '$');
  const components = def.components ?? [];
  if (parts.length !== components.length) {
    throw errors.invalidParameter(`${name}: give ${components.length} values separated by "$".`);
  }
  return components.map((c, i): ComponentValue => {
    const v = parts[i]!;
    switch (c.type) {
      case 'token':
        return { type: 'token', token: parseToken(name, v) };
      case 'string':
        return { type: 'string', value: unescapeValue(v) };
      case 'date':
        return { type: 'date', range: parseDate(name, v) };
      case 'number':
        return { type: 'number', range: parseNumber(name, v) };
      case 'quantity':
        return { type: 'quantity', quantity: parseQuantity(name, v) };
      case 'reference':
        return {
          type: 'reference',
          reference: parseReference(name, v, (t) => options.lookup.isResourceType(t), options.base),
        };
      case 'uri':
        return { type: 'uri', value: unescapeValue(v) };
      default:
        throw errors.unknownParameter(`${name}: component type ${c.type} is not supported.`);
    }
  });
}
