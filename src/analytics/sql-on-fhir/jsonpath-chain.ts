/**
 * Building SQL/JSON paths step by step from FHIRPath navigation. Every name that enters a path has
 * passed a strict identifier pattern, and every literal goes in as a path variable, so a path is never
 * shaped by view text beyond names of letters, digits and underscores. (The path itself is a bind
 * parameter as well.)
 */
import {
  childElement,
  choiceProperty,
  choiceSuffixType,
  isResourceType,
  primitiveKind,
} from './fhir-model.js';
import { Untranslatable } from './untranslatable.js';

/** A jsonpath relative to `$` (a root item) or `@` (the item a filter is looking at). */
export interface PathChain {
  text: string;
  /** At most one item, by the R4 definitions (no repeating element on the way). */
  one: boolean;
  /** `text` ends in `[*]` after a single-item prefix, so `[n]` may replace it (for `[n]` and `first()`). */
  starred: boolean;
  /** Element path or type name for further member lookups (see fhir-model.ts). */
  type?: string;
  /** Refers to jsonpath variables (`$l1`, `$c_name`). */
  vars: boolean;
  /** A choice element (`value[x]`) waiting for `ofType()`; `text` is its parent's path. */
  choice?: { name: string; options: string[]; parentType?: string };
}

export function startChain(origin: '$' | '@', type?: string): PathChain {
  const chain: PathChain = { text: origin, one: true, starred: false, vars: false };
  if (type !== undefined) chain.type = type;
  return chain;
}

const MEMBER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function appendMember(
  chain: PathChain,
  name: string,
  repeating: boolean,
  type: string | undefined,
): PathChain {
  if (!MEMBER_NAME.test(name))
    throw new Untranslatable(`the element name "${name.slice(0, 40)}" cannot be compiled`);
  // `[*]` flattens a repeating element; for a single-valued one lax mode would do the same, so skip it.
  // A repeating primitive may hold JSON nulls (placeholders for `_given`-style extensions), which are
  // not values in FHIRPath.
  const nullable = repeating && primitiveKind(type) !== undefined;
  const next: PathChain = {
    text: `${chain.text}."${name}"${repeating ? '[*]' : ''}${nullable ? ' ? (@ != null)' : ''}`,
    one: chain.one && !repeating,
    starred: chain.one && repeating && !nullable,
    vars: chain.vars,
  };
  if (type !== undefined) next.type = type;
  return next;
}

/** `chain.name`, resolving the element against the R4 definitions where the type is known. */
export function memberStep(chain: PathChain, name: string): PathChain {
  // Without ofType(), a choice element is whichever variant is present (its type is then unknown).
  if (chain.choice) return appendMember(settleChoice(chain), name, true, undefined);
  const info = chain.type === undefined ? undefined : childElement(chain.type, name);
  if (info?.choice) {
    const choice: NonNullable<PathChain['choice']> = { name, options: info.choice };
    if (chain.type !== undefined) choice.parentType = chain.type;
    // No type until ofType() picks one: whichever variant is present could be any of them.
    return { text: chain.text, one: chain.one, starred: false, vars: chain.vars, choice };
  }
  // An element the definitions do not know (or an untyped input) may repeat: flatten it.
  return appendMember(chain, name, info ? info.repeating : true, info?.ref);
}

/** `chain.ofType(T)`: picks the `value[x]` property of a choice, or checks/filters a known type. */
export function ofTypeStep(
  chain: PathChain,
  typeName: string,
  resourceTypeVariable: () => string,
): PathChain {
  if (!MEMBER_NAME.test(typeName))
    throw new Untranslatable(`ofType(${typeName.slice(0, 40)}) cannot be compiled`);
  if (chain.choice) {
    const property = choiceProperty(chain.choice.name, chain.choice.options, typeName);
    const parent: PathChain = { ...chain };
    delete parent.choice;
    if (chain.choice.parentType === undefined) delete parent.type;
    else parent.type = chain.choice.parentType;
    if (!property) {
      // The element can never hold that type, so the result is always empty (no item exists not).
      const never = filterStep(parent, '!(exists(@))', false);
      delete never.type;
      return never;
    }
    const info = parent.type === undefined ? undefined : childElement(parent.type, property);
    const suffix = property.slice(chain.choice.name.length);
    return appendMember(parent, property, false, info?.ref ?? choiceSuffixType(suffix));
  }
  const type = chain.type;
  if (
    type !== undefined &&
    (type === typeName || (primitiveKind(type) && type.toLowerCase() === typeName.toLowerCase()))
  ) {
    return chain;
  }
  if ((type === 'Resource' || type === undefined) && isResourceType(typeName)) {
    return filterStep({ ...chain, type: typeName }, `@."resourceType" == ${resourceTypeVariable()}`, true);
  }
  throw new Untranslatable(`ofType(${typeName}) on an element of type ${type ?? 'unknown'}`);
}

/** `chain.where(…)` with a predicate already in jsonpath form. */
export function filterStep(chain: PathChain, predicate: string, usesVars: boolean): PathChain {
  const base = settleChoice(chain);
  return { ...base, text: `${base.text} ? (${predicate})`, starred: false, vars: base.vars || usesVars };
}

/** `chain[n]` when the path allows it (an index straight after a repeating element), else undefined. */
export function indexStep(chain: PathChain, index: number): PathChain | undefined {
  if (!chain.starred || !Number.isInteger(index) || index < 0) return undefined;
  return { ...chain, text: `${chain.text.slice(0, -3)}[${index}]`, one: true, starred: false };
}

/**
 * A choice element used without `ofType()` (`deceased.exists()`, a bare `value` column): whichever
 * `value[x]` property is present. FHIR allows at most one per object, so cardinality is the parent's.
 */
export function settleChoice(chain: PathChain): PathChain {
  const choice = chain.choice;
  if (!choice) return chain;
  const variants = choice.options.filter((o) => MEMBER_NAME.test(o)).join('|');
  const settled: PathChain = {
    text: `${chain.text}.keyvalue() ? (@."key" like_regex "^${choice.name}(${variants})$")."value"`,
    one: chain.one,
    starred: false,
    vars: chain.vars,
  };
  return settled;
}
