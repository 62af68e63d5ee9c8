import type { Issue, IssueType } from '../operation-outcome.js';
import { ValidationCode } from './details-codes.js';
import type { ChildElement, ElementTree, ObjectNode, RequiredBinding } from './element-tree.js';
import { checkPrimitive, type PrimitiveProblem } from './primitive-rules.js';

type JsonObject = Record<string, unknown>;

const UNDERSCORE = 95;

/**
 * Walks a parsed JSON resource once, top-down, against the precompiled element maps. State for one
 * call is only the issues array passed along, so one walker serves concurrent requests.
 */
export class StructureWalker {
  constructor(
    private readonly tree: ElementTree,
    private readonly referenceShapeOk: (reference: string) => boolean,
  ) {}

  /** Validates a resource; `path` is where it sits (empty at the top, `Bundle.entry[0].resource` inside). */
  resource(value: unknown, path: string, issues: Issue[]): void {
    if (!isObject(value)) {
      const what = path === '' ? 'The resource' : path;
      report(issues, 'structure', ValidationCode.NOT_AN_OBJECT, `${what} must be a JSON object`, path);
      return;
    }
    const type = value.resourceType;
    if (type === undefined) {
      report(
        issues,
        'required',
        ValidationCode.MISSING_RESOURCE_TYPE,
        'The resource has no resourceType',
        path,
      );
      return;
    }
    const node = typeof type === 'string' ? this.tree.resources.get(type) : undefined;
    if (node === undefined) {
      const diagnostics =
        typeof type === 'string'
          ? `${quote(type)} is not a FHIR R4 resource type`
          : `resourceType must be a JSON string, found ${describe(type)}`;
      const code =
        typeof type === 'string' ? ValidationCode.UNKNOWN_RESOURCE_TYPE : ValidationCode.WRONG_JSON_TYPE;
      report(
        issues,
        typeof type === 'string' ? 'invalid' : 'structure',
        code,
        diagnostics,
        join(path, 'resourceType'),
      );
      return;
    }
    this.object(value, node, path === '' ? (type as string) : path, issues);
  }

  private object(obj: JsonObject, node: ObjectNode, path: string, issues: Issue[]): void {
    let empty = true;
    let choices: Map<string, string> | undefined;
    for (const key in obj) {
      empty = false;
      let child = node.children.get(key);
      let extensionOnly = false;
      if (child === undefined && key.charCodeAt(0) === UNDERSCORE) {
        child = node.children.get(key.slice(1));
        if (child !== undefined && !child.allowExtension) child = undefined;
        // With a value present, `_key` is checked together with it.
        if (child !== undefined && obj[child.key] !== undefined) continue;
        extensionOnly = true;
      }
      if (child === undefined) {
        if (key !== 'resourceType' || !node.isResource) this.unknown(node, key, path, issues);
        continue;
      }
      if (child.choice !== undefined) {
        choices ??= new Map();
        const other = choices.get(child.choice);
        if (other === undefined) choices.set(child.choice, child.key);
        else
          report(
            issues,
            'structure',
            ValidationCode.MULTIPLE_CHOICE_VALUES,
            `${child.definition} has several values (${other} and ${child.key}); only one is allowed`,
            `${path}.${child.key}`,
          );
      }
      if (extensionOnly) this.extensionsOnly(obj[key], child, `${path}.${child.key}`, issues);
      else this.property(obj, obj[key], child, `${path}.${key}`, issues);
    }
    if (empty) {
      report(
        issues,
        'structure',
        ValidationCode.EMPTY_OBJECT,
        'Empty objects are not allowed in FHIR JSON',
        path,
      );
      return;
    }
    for (const req of node.required) {
      if (!req.keys.some((k) => obj[k] !== undefined)) {
        const name = req.definition.slice(req.definition.lastIndexOf('.') + 1).replace('[x]', '');
        report(
          issues,
          'required',
          ValidationCode.REQUIRED_ELEMENT_MISSING,
          `${req.definition} is required (minimum cardinality 1) but missing`,
          `${path}.${name}`,
        );
      }
    }
    if (node.isReference) {
      const reference = obj.reference;
      if (typeof reference === 'string' && reference !== '' && !this.referenceShapeOk(reference)) {
        report(
          issues,
          'value',
          ValidationCode.INVALID_REFERENCE,
          `${quote(reference)} is not a valid reference: expected Type/id, an absolute http(s) URL, #id, urn:uuid: or urn:oid:`,
          `${path}.reference`,
        );
      }
    }
  }

  private property(
    obj: JsonObject,
    value: unknown,
    child: ChildElement,
    path: string,
    issues: Issue[],
  ): void {
    const ext = child.allowExtension ? obj[`_${child.key}`] : undefined;
    if (value === null) {
      report(issues, 'structure', ValidationCode.NULL_VALUE, nullMessage(child), path);
      return;
    }
    if (!child.array) {
      if (Array.isArray(value)) {
        report(
          issues,
          'structure',
          ValidationCode.ARRAY_NOT_ALLOWED,
          `${child.definition} has maximum cardinality 1 and must not be an array`,
          path,
        );
        return;
      }
      if (ext === null || Array.isArray(ext)) {
        this.misaligned(child, path, issues);
        this.item(child, value, undefined, path, issues);
      } else {
        this.item(child, value, ext, path, issues);
      }
      return;
    }
    if (!Array.isArray(value)) {
      report(
        issues,
        'structure',
        ValidationCode.ARRAY_REQUIRED,
        `${child.definition} repeats (maximum cardinality ${maxText(child)}) and must be a JSON array`,
        path,
      );
      this.item(child, value, undefined, path, issues);
      return;
    }
    const n = value.length;
    if (n === 0) {
      report(
        issues,
        'structure',
        ValidationCode.EMPTY_ARRAY,
        'Empty arrays are not allowed in FHIR JSON',
        path,
      );
      return;
    }
    if (n > child.max) this.tooMany(child, n, path, issues);
    let exts: unknown[] | undefined;
    if (ext !== undefined) {
      if (Array.isArray(ext) && ext.length === n) exts = ext;
      else this.misaligned(child, path, issues);
    }
    for (let i = 0; i < n; i++) {
      const itemPath = `${path}[${i}]`;
      const item = value[i];
      const itemExt = exts === undefined ? undefined : exts[i];
      if (item === null) {
        // In a primitive array, null holds the place of a value that only has extensions.
        if (itemExt === null || itemExt === undefined) {
          report(issues, 'structure', ValidationCode.NULL_VALUE, nullMessage(child), itemPath);
        } else {
          this.extension(itemExt, itemPath, issues);
        }
      } else {
        this.item(child, item, itemExt, itemPath, issues);
      }
    }
  }

  /** `_key` without `key`: a primitive with extensions but no value. */
  private extensionsOnly(ext: unknown, child: ChildElement, path: string, issues: Issue[]): void {
    if (!child.array) {
      if (Array.isArray(ext)) this.misaligned(child, path, issues);
      else if (ext === null) report(issues, 'structure', ValidationCode.NULL_VALUE, nullMessage(child), path);
      else this.extension(ext, path, issues);
      return;
    }
    if (!Array.isArray(ext)) {
      this.misaligned(child, path, issues);
      return;
    }
    if (ext.length === 0) {
      report(
        issues,
        'structure',
        ValidationCode.EMPTY_ARRAY,
        'Empty arrays are not allowed in FHIR JSON',
        path,
      );
      return;
    }
    if (ext.length > child.max) this.tooMany(child, ext.length, path, issues);
    for (let i = 0; i < ext.length; i++) {
      const item = ext[i];
      const itemPath = `${path}[${i}]`;
      if (item === null) report(issues, 'structure', ValidationCode.NULL_VALUE, nullMessage(child), itemPath);
      else this.extension(item, itemPath, issues);
    }
  }

  private item(child: ChildElement, value: unknown, ext: unknown, path: string, issues: Issue[]): void {
    if (child.kind === 'primitive') {
      this.primitive(child, value, path, issues);
      if (ext !== undefined && ext !== null) this.extension(ext, path, issues);
    } else if (child.kind === 'complex') {
      if (!isObject(value)) {
        report(
          issues,
          'structure',
          ValidationCode.WRONG_JSON_TYPE,
          `${child.definition} is a ${child.type} and must be a JSON object, found ${describe(value)}`,
          path,
        );
        return;
      }
      this.object(value, child.node as ObjectNode, path, issues);
      if (child.binding !== undefined) this.codings(child, child.binding, value, path, issues);
    } else {
      this.resource(value, path, issues);
    }
  }

  private primitive(child: ChildElement, value: unknown, path: string, issues: Issue[]): void {
    const rule = child.primitive!;
    const problem = checkPrimitive(rule, value);
    if (problem !== undefined) {
      primitiveIssue(issues, child, problem, value, path);
      return;
    }
    const binding = child.binding;
    if (binding !== undefined && !binding.codes.has(value as string)) {
      report(
        issues,
        'code-invalid',
        ValidationCode.CODE_NOT_IN_VALUE_SET,
        `${quote(value)} is not in the required value set ${binding.valueSet} of ${child.definition}`,
        path,
      );
    }
  }

  /** The `_key` object of a primitive: an Element (id and extension). */
  private extension(ext: unknown, path: string, issues: Issue[]): void {
    if (!isObject(ext)) {
      report(
        issues,
        'structure',
        ValidationCode.WRONG_JSON_TYPE,
        `The extensions of ${path} must be a JSON object, found ${describe(ext)}`,
        path,
      );
      return;
    }
    this.object(ext, this.tree.element, path, issues);
  }

  /**
   * A required binding on Coding/CodeableConcept: codings from the value set's code systems must use
   * its codes, and at least one coding must come from it.
   */
  private codings(
    child: ChildElement,
    binding: RequiredBinding,
    value: JsonObject,
    path: string,
    issues: Issue[],
  ) {
    const list = child.type === 'Coding' ? [value] : Array.isArray(value.coding) ? value.coding : [];
    let matched = false;
    for (let i = 0; i < list.length; i++) {
      const coding: unknown = list[i];
      if (!isObject(coding) || typeof coding.system !== 'string') continue;
      const codes = binding.bySystem.get(coding.system);
      if (codes === undefined) continue;
      matched = true;
      if (typeof coding.code === 'string' && !codes.has(coding.code)) {
        const at = child.type === 'Coding' ? `${path}.code` : `${path}.coding[${i}].code`;
        report(
          issues,
          'code-invalid',
          ValidationCode.CODE_NOT_IN_VALUE_SET,
          `${quote(coding.code)} is not in the required value set ${binding.valueSet} of ${child.definition}`,
          at,
        );
      }
    }
    if (!matched) {
      report(
        issues,
        'code-invalid',
        ValidationCode.CODE_NOT_IN_VALUE_SET,
        `${child.definition} has a required binding to ${binding.valueSet} but no coding from it`,
        path,
      );
    }
  }

  private unknown(node: ObjectNode, key: string, path: string, issues: Issue[]): void {
    let hint = '';
    for (const c of node.children.values()) {
      if (c.choice !== undefined && key.startsWith(c.choice) && key.length > c.choice.length) {
        hint = ` (${c.definition} allows ${[...node.children.values()]
          .filter((o) => o.definition === c.definition)
          .map((o) => o.key)
          .join(', ')})`;
        break;
      }
    }
    report(
      issues,
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
      `Unknown element ${quote(key)}: ${node.path} has no such element${hint}`,
      `${path}.${key}`,
    );
  }

  private tooMany(child: ChildElement, n: number, path: string, issues: Issue[]): void {
    report(
      issues,
      'structure',
      ValidationCode.TOO_MANY_VALUES,
      `${child.definition} allows at most ${maxText(child)} values, found ${n}`,
      path,
    );
  }

  private misaligned(child: ChildElement, path: string, issues: Issue[]): void {
    const shape = child.array ? `an array as long as '${child.key}'` : 'a JSON object';
    report(
      issues,
      'structure',
      ValidationCode.MISALIGNED_PRIMITIVE_EXTENSION,
      `'_${child.key}' (the extensions of ${child.definition}) must be ${shape}`,
      path,
    );
  }
}

function primitiveIssue(
  issues: Issue[],
  child: ChildElement,
  problem: PrimitiveProblem,
  value: unknown,
  path: string,
): void {
  const type = child.type;
  switch (problem) {
    case 'json-type':
      report(
        issues,
        'structure',
        ValidationCode.WRONG_JSON_TYPE,
        `${child.definition} is a ${type} and must be a JSON ${child.primitive!.json}, found ${describe(value)}`,
        path,
      );
      return;
    case 'control-character':
      report(
        issues,
        'value',
        ValidationCode.CONTROL_CHARACTER,
        `${child.definition} contains a control character (only tab, carriage return and line feed are allowed)`,
        path,
      );
      return;
    case 'empty':
      report(
        issues,
        'value',
        ValidationCode.EMPTY_STRING,
        `Empty strings are not allowed in FHIR JSON (${child.definition})`,
        path,
      );
      return;
    case 'too-long':
      report(
        issues,
        'value',
        ValidationCode.VALUE_TOO_LONG,
        `${child.definition} is longer than the ${child.primitive!.maxLength} characters a ${type} allows`,
        path,
      );
      return;
    case 'range':
      report(
        issues,
        'value',
        ValidationCode.NUMBER_OUT_OF_RANGE,
        `${String(value)} is out of range for ${type} (${child.definition})`,
        path,
      );
      return;
    case 'format':
      if (child.resourceId) {
        report(
          issues,
          'value',
          ValidationCode.INVALID_RESOURCE_ID,
          `${quote(value)} is not a valid resource id (1 to 64 of A-Z, a-z, 0-9, '-' and '.')`,
          path,
        );
      } else {
        report(
          issues,
          'value',
          ValidationCode.INVALID_FORMAT,
          `${quote(value)} is not a valid ${type} (${child.definition})`,
          path,
        );
      }
  }
}

function report(
  issues: Issue[],
  code: IssueType,
  detailsCode: string,
  diagnostics: string,
  path: string,
): void {
  const issue: Issue = { severity: 'error', code, detailsCode, diagnostics };
  if (path !== '') issue.expression = [path];
  issues.push(issue);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${quote(v)})`;
}

/** Values echo into diagnostics; long ones are cut so an OperationOutcome stays readable. */
function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return `'${s.length > 80 ? `${s.slice(0, 77)}...` : s}'`;
}

function maxText(child: ChildElement): string {
  return child.max === Infinity ? '*' : String(child.max);
}

function nullMessage(child: ChildElement): string {
  return child.kind === 'primitive' && child.allowExtension && child.array
    ? `null is only allowed in ${child.definition} as a placeholder for a value that has extensions`
    : `null is not allowed in FHIR JSON (${child.definition}): omit the element instead`;
}
