/**
 * Structural validation of a ViewDefinition. Both runners start here, so a view either fails the same
 * way everywhere (a FhirError pointing into the view) or reaches them with every expression parsed.
 */
import { errors, isObject } from '../../fhir/index.js';
import type { FhirError } from '../../fhir/index.js';
import { constantNames, parseFhirPath } from './fhirpath-ast.js';
import type {
  CheckedColumn,
  CheckedSelect,
  CheckedView,
  Iteration,
  ViewColumnInfo,
  ViewConstant,
  ViewExpression,
} from './view-definition.js';
import { isResourceType } from './fhir-model.js';

/** Column and constant names must be usable as database column names everywhere (spec, ViewDefinition.select.column.name). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
/** How deep `repeat` may go; FHIR content is a tree, so only a path that does not descend gets there. */
export const MAX_REPEAT_DEPTH = 100;
/** PostgreSQL truncates longer identifiers, which would silently merge columns. */
const MAX_NAME_LENGTH = 63;

/** Variables every expression may use besides the view's constants. */
const BUILT_IN_VARIABLES = new Set(['rowIndex', 'resource', 'rootResource', 'context', 'ucum']);

/** The primitive `value[x]` types a ViewDefinition constant may carry. */
const CONSTANT_TYPES = [
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
  'integer64',
  'markdown',
  'oid',
  'positiveInt',
  'string',
  'time',
  'unsignedInt',
  'uri',
  'url',
  'uuid',
];

const DATE = '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?';
const TIME = '[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?';
const ZONE = '(Z|[+-][0-9]{2}:[0-9]{2})';

/** Temporal constants become FHIRPath literals, so their text must be exactly a FHIR value. */
const CONSTANT_FORMATS: Record<string, RegExp> = {
  date: new RegExp(`^${DATE}$`),
  dateTime: new RegExp(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T${TIME}${ZONE}?)?)?)?$`),
  instant: new RegExp(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T${TIME}${ZONE}$`),
  time: new RegExp(`^${TIME}$`),
  integer64: /^-?[0-9]{1,19}$/,
};

/** Misspelt keys would silently change a view's meaning (`foreach` iterates nothing), so they are errors. */
const ELEMENT_KEYS = ['id', 'extension', 'modifierExtension'];
const SELECT_KEYS = new Set([
  ...ELEMENT_KEYS,
  'column',
  'select',
  'forEach',
  'forEachOrNull',
  'repeat',
  'unionAll',
]);
const COLUMN_KEYS = new Set([...ELEMENT_KEYS, 'name', 'path', 'description', 'collection', 'type', 'tag']);

function bad(message: string, at: string): FhirError {
  return errors.badRequest(`Invalid ViewDefinition: ${message}`, [at]);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function checkConstant(raw: unknown, at: string): ViewConstant {
  if (!isObject(raw)) throw bad('a constant must be an object.', at);
  const name = raw.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw bad(
      'a constant needs a name of letters, digits and underscores, starting with a letter.',
      `${at}.name`,
    );
  }
  if (BUILT_IN_VARIABLES.has(name)) throw bad(`the constant name "${name}" is reserved.`, `${at}.name`);
  const valueKeys = Object.keys(raw).filter((k) => k.startsWith('value'));
  if (valueKeys.length !== 1) throw bad(`constant "${name}" must have exactly one value[x].`, at);
  const key = valueKeys[0]!;
  const fhirType = CONSTANT_TYPES.find((t) => `value${capitalised(t)}` === key);
  if (!fhirType) throw bad(`constant "${name}" has an unsupported value type (${key}).`, `${at}.${key}`);
  const value = raw[key];
  const expected =
    fhirType === 'boolean'
      ? 'boolean'
      : ['decimal', 'integer', 'positiveInt', 'unsignedInt'].includes(fhirType)
        ? 'number'
        : 'string';
  if (typeof value !== expected)
    throw bad(`constant "${name}" must have a ${expected} value.`, `${at}.${key}`);
  if (
    expected === 'number' &&
    (!Number.isFinite(value) || (fhirType !== 'decimal' && !Number.isInteger(value)))
  ) {
    throw bad(`constant "${name}" is not a valid ${fhirType}.`, `${at}.${key}`);
  }
  const format = CONSTANT_FORMATS[fhirType];
  if (format && !format.test(value as string))
    throw bad(`constant "${name}" is not a valid ${fhirType}.`, `${at}.${key}`);
  return { name, fhirType, value: value as string | number | boolean };
}

interface Context {
  constants: Map<string, ViewConstant>;
  seenColumns: Set<string>;
}

function expression(raw: unknown, at: string, ctx: Context): ViewExpression {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw bad('expected a FHIRPath expression (a string).', at);
  let ast;
  try {
    ast = parseFhirPath(raw);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : 'syntax error';
    throw bad(`the FHIRPath expression cannot be parsed (${reason}).`, at);
  }
  for (const name of constantNames(ast)) {
    if (!ctx.constants.has(name) && !BUILT_IN_VARIABLES.has(name)) {
      throw bad(`the expression uses %${name}, which the view does not define as a constant.`, at);
    }
  }
  return { text: raw, ast, at };
}

function checkColumn(raw: unknown, at: string, ctx: Context): CheckedColumn {
  if (!isObject(raw)) throw bad('a column must be an object.', at);
  const unknown = Object.keys(raw).filter((k) => !COLUMN_KEYS.has(k));
  if (unknown.length > 0) throw bad(`unknown column element(s): ${unknown.join(', ')}.`, at);
  const name = raw.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw bad(
      'a column name must be letters, digits and underscores, starting with a letter (at most 63).',
      `${at}.name`,
    );
  }
  if (raw.collection !== undefined && typeof raw.collection !== 'boolean') {
    throw bad('column.collection must be true or false.', `${at}.collection`);
  }
  if (raw.type !== undefined && (typeof raw.type !== 'string' || !/^[A-Za-z][A-Za-z0-9.]*$/.test(raw.type))) {
    throw bad('column.type must be a FHIR type name.', `${at}.type`);
  }
  const column: CheckedColumn = {
    name,
    collection: raw.collection === true,
    path: expression(raw.path, `${at}.path`, ctx),
  };
  if (typeof raw.type === 'string') column.type = raw.type;
  return column;
}

function list(raw: unknown, at: string): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw bad('expected an array.', at);
  return raw;
}

function iteration(raw: Record<string, unknown>, at: string, ctx: Context): Iteration | undefined {
  const present = ['forEach', 'forEachOrNull', 'repeat'].filter((k) => raw[k] !== undefined);
  if (present.length > 1) throw bad(`a select may have only one of ${present.join(', ')}.`, at);
  if (raw.forEach !== undefined)
    return { kind: 'forEach', path: expression(raw.forEach, `${at}.forEach`, ctx) };
  if (raw.forEachOrNull !== undefined) {
    return { kind: 'forEachOrNull', path: expression(raw.forEachOrNull, `${at}.forEachOrNull`, ctx) };
  }
  if (raw.repeat !== undefined) {
    const paths = list(raw.repeat, `${at}.repeat`);
    if (paths.length === 0) throw bad('repeat needs at least one path.', `${at}.repeat`);
    return { kind: 'repeat', paths: paths.map((p, i) => expression(p, `${at}.repeat[${i}]`, ctx)) };
  }
  return undefined;
}

/**
 * Checks one select. Column names are checked for uniqueness across the whole row; the branches of a
 * unionAll share their columns, so only the first branch registers them and the others must match it.
 */
function checkSelect(raw: unknown, at: string, ctx: Context, register: boolean): CheckedSelect {
  if (!isObject(raw)) throw bad('a select must be an object.', at);
  const unknown = Object.keys(raw).filter((k) => !SELECT_KEYS.has(k));
  if (unknown.length > 0) throw bad(`unknown select element(s): ${unknown.join(', ')}.`, at);
  const checked: CheckedSelect = {
    at,
    column: list(raw.column, `${at}.column`).map((c, i) => checkColumn(c, `${at}.column[${i}]`, ctx)),
    select: [],
    unionAll: [],
    outputColumns: [],
  };
  const iter = iteration(raw, at, ctx);
  if (iter) checked.iteration = iter;
  if (register) {
    for (const c of checked.column) {
      if (ctx.seenColumns.has(c.name))
        throw bad(`the column name "${c.name}" is used twice.`, `${at}.column`);
      ctx.seenColumns.add(c.name);
    }
  }
  checked.select = list(raw.select, `${at}.select`).map((s, i) =>
    checkSelect(s, `${at}.select[${i}]`, ctx, register),
  );
  const branches = list(raw.unionAll, `${at}.unionAll`);
  checked.unionAll = branches.map((b, i) => checkSelect(b, `${at}.unionAll[${i}]`, ctx, register && i === 0));
  const own: ViewColumnInfo[] = checked.column.map(({ name, type, collection }) =>
    type === undefined ? { name, collection } : { name, type, collection },
  );
  checked.outputColumns = [...own, ...checked.select.flatMap((s) => s.outputColumns)];
  const first = checked.unionAll[0];
  if (first) {
    const names = first.outputColumns.map((c) => c.name).join(',');
    checked.unionAll.forEach((b, i) => {
      if (b.outputColumns.map((c) => c.name).join(',') !== names) {
        throw bad(
          'every unionAll branch must produce the same columns in the same order.',
          `${at}.unionAll[${i}]`,
        );
      }
    });
    checked.outputColumns.push(...first.outputColumns);
  }
  if (checked.outputColumns.length === 0 && checked.select.length === 0 && checked.unionAll.length === 0) {
    throw bad('a select needs columns, nested selects or a unionAll.', at);
  }
  return checked;
}

/** Validates a ViewDefinition (any JSON) and returns its checked form, or throws a 400 FhirError. */
export function validateView(input: unknown): CheckedView {
  const at = 'ViewDefinition';
  if (!isObject(input)) throw bad('the view must be a JSON object.', at);
  if (input.resourceType !== undefined && input.resourceType !== 'ViewDefinition') {
    throw bad('resourceType must be ViewDefinition.', `${at}.resourceType`);
  }
  const resource = input.resource;
  if (typeof resource !== 'string' || resource === '') throw bad('resource is required.', `${at}.resource`);
  if (!isResourceType(resource))
    throw bad(`"${resource.slice(0, 64)}" is not an R4 resource type.`, `${at}.resource`);
  const ctx: Context = { constants: new Map(), seenColumns: new Set() };
  list(input.constant, `${at}.constant`).forEach((c, i) => {
    const constant = checkConstant(c, `${at}.constant[${i}]`);
    if (ctx.constants.has(constant.name))
      throw bad(`constant "${constant.name}" is defined twice.`, `${at}.constant[${i}]`);
    ctx.constants.set(constant.name, constant);
  });
  const selects = list(input.select, `${at}.select`);
  if (selects.length === 0) throw bad('select is required.', `${at}.select`);
  const where = list(input.where, `${at}.where`).map((w, i) => {
    if (!isObject(w)) throw bad('a where entry must be an object.', `${at}.where[${i}]`);
    return expression(w.path, `${at}.where[${i}].path`, ctx);
  });
  const root = checkSelect({ select: selects }, at, ctx, true);
  if (root.outputColumns.length === 0) throw bad('the view has no columns.', `${at}.select`);
  return { resource, constants: ctx.constants, where, root, columns: root.outputColumns };
}
