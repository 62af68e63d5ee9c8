import { parseScope } from '../scopes.js';
import type { Scope } from '../principal.js';

/** Whether a granted scope covers a requested one (same context, type, a superset of permissions). */
export function scopeCovers(granted: Scope, requested: Scope): boolean {
  if (granted.context !== requested.context) return false;
  if (granted.resourceType !== '*' && granted.resourceType !== requested.resourceType) return false;
  if (granted.query !== undefined && granted.query !== requested.query) return false;
  for (const p of requested.permissions) if (!granted.permissions.has(p)) return false;
  return true;
}

/**
 * The SMART resource scopes among `candidates` that a client may receive. Interactive clients may ask
 * for `patient/` and `user/` scopes (the policy engine then limits them to the signed-in role);
 * backend clients only for what their registration covers.
 */
export function allowedResourceScopes(
  candidates: Iterable<string>,
  registered: string | undefined,
): string[] {
  const allowed = new Set<string>();
  const grants = registered
    ?.split(/\s+/)
    .map(parseScope)
    .filter((s): s is Scope => s !== undefined);
  for (const token of candidates) {
    const scope = parseScope(token);
    if (!scope) continue;
    if (grants) {
      if (grants.some((g) => scopeCovers(g, scope))) allowed.add(token);
    } else if (scope.context !== 'system') {
      allowed.add(token);
    }
  }
  return [...allowed];
}
