import type { Principal } from '../auth/index.js';

/** Whether the caller's scopes grant `permission` on `type` (any context: the role decides whose data). */
export function hasScope(
  principal: Principal,
  type: string,
  permission: 'c' | 'r' | 'u' | 'd' | 's',
): boolean {
  return principal.scopes.some(
    (s) => (s.resourceType === '*' || s.resourceType === type) && s.permissions.has(permission),
  );
}
