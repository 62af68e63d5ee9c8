/**
 * Splits an official search expression into its top-level union members and keeps the ones that
 * apply to one resource type. Shared parameters (`clinical-patient`, `conformance-url`) list one
 * member per base type; indexing an AllergyIntolerance must not evaluate the CarePlan member.
 */

/** The top-level `|` members of an expression, trimmed; `|` inside parentheses or quotes stays. */
export function unionMembers(expression: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === "'") quote = false;
    } else if (c === "'") quote = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      members.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(expression.slice(start).trim());
  return members.filter((m) => m !== '');
}

/** The identifier a member starts with, after any opening parentheses (`(Observation.value as X)`). */
export function memberRoot(member: string): string | undefined {
  return /^\(*\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(member)?.[1];
}

/**
 * The part of `expression` that applies to `resourceType`: members rooted at that type or at an
 * ancestor (`Resource`, `DomainResource`), and relative members (`name | alias`). Undefined when
 * none applies.
 */
export function expressionForType(
  expression: string,
  resourceType: string,
  isTypeName: (name: string) => boolean,
  ancestors: readonly string[],
): string | undefined {
  const kept = unionMembers(expression).filter((member) => {
    const root = memberRoot(member);
    if (root === undefined) return true;
    if (root === resourceType || ancestors.includes(root)) return true;
    return !isTypeName(root);
  });
  return kept.length === 0 ? undefined : kept.join(' | ');
}
