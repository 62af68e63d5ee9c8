import type { Role } from './principal.js';

export const ROLES: readonly Role[] = [
  'patient',
  'proxy',
  'gp',
  'clinician',
  'privacy-officer',
  'analyst',
  'admin',
  'source',
  'system',
];

/** Roles an external staff identity provider may assert; machine roles come only from Heartwood. */
export const STAFF_ROLES: readonly Role[] = ['gp', 'clinician', 'privacy-officer', 'analyst', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Scopes a minted token carries when none are asked for: what the role would ordinarily be granted. */
export function defaultScopeFor(role: Role): string {
  switch (role) {
    case 'patient':
    case 'proxy':
      return 'patient/*.rs';
    case 'system':
      return 'system/*.cruds';
    case 'source':
      return 'system/*.cru';
    case 'analyst':
      return 'system/*.rs';
    default:
      return 'user/*.cruds';
  }
}
