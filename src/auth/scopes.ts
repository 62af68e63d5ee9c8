import type { Scope } from './principal.js';

type Permission = 'c' | 'r' | 'u' | 'd' | 's';

const V2 = /^(patient|user|system)\/([A-Z][A-Za-z]*|\*)\.(c?r?u?d?s?)(\?.+)?$/;
const V1 = /^(patient|user|system)\/([A-Z][A-Za-z]*|\*)\.(read|write|\*)$/;
/** SMART v1 names mapped onto v2 permissions, as SMART App Launch 2 says servers should. */
const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/**
 * The resource scopes of a space-separated OAuth `scope` string: SMART v2 (`patient/*.rs`,
 * `user/Observation.cruds`, `system/*.rs?category=…`) and v1 (`patient/*.read`). Other scopes
 * (`openid`, `fhirUser`, `launch/patient`, `offline_access`) carry no resource permission and are
 * skipped, as are malformed ones: a scope that is not understood grants nothing.
 */
export function parseScopes(scope: string | undefined): Scope[] {
  const out: Scope[] = [];
  for (const token of (scope ?? '').split(/\s+/)) {
    const parsed = parseScope(token);
    if (parsed) out.push(parsed);
  }
  return out;
}

export function parseScope(token: string): Scope | undefined {
  const v2 = V2.exec(token);
  if (v2 && v2[3] !== '') {
    const scope: Scope = {
      context: v2[1] as Scope['context'],
      resourceType: v2[2]!,
      permissions: new Set(v2[3]!.split('') as Permission[]),
    };
    if (v2[4]) scope.query = v2[4].slice(1);
    return scope;
  }
  const v1 = V1.exec(token);
  if (v1) {
    return {
      context: v1[1] as Scope['context'],
      resourceType: v1[2]!,
      permissions: new Set(V1_PERMISSIONS[v1[3]!]),
    };
  }
  return undefined;
}

/** Whether a scope string is one Heartwood understands (SMART resource, launch or OpenID scope). */
export function isKnownScope(token: string): boolean {
  return parseScope(token) !== undefined || NON_RESOURCE_SCOPES.has(token);
}

export const NON_RESOURCE_SCOPES = new Set([
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'online_access',
  'launch',
  'launch/patient',
]);

/** Writes a Scope back in SMART v2 form, e.g. for a minted token. */
export function formatScope(scope: Scope): string {
  const perms = (['c', 'r', 'u', 'd', 's'] as const).filter((p) => scope.permissions.has(p)).join('');
  return `${scope.context}/${scope.resourceType}.${perms}${scope.query ? `?${scope.query}` : ''}`;
}
