import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import type { Role } from './principal.js';
import { isRole, STAFF_ROLES } from './roles.js';

/**
 * An external identity provider whose access tokens Heartwood accepts (HEARTWOOD_AUTH_PROVIDERS).
 * `patient` providers (NHS login style) sign patients in; `staff` providers sign in care staff, whose
 * role comes from a claim.
 */
export interface AuthProviderConfig {
  issuer: string;
  /** Where the provider publishes its keys; or `jwks` inline (tests, air-gapped set-ups). */
  jwksUri?: string;
  jwks?: JSONWebKeySet;
  /** The audience its tokens must carry for Heartwood (one or several). */
  audience: string | string[];
  kind: 'patient' | 'staff';
  /** Claim holding the staff role (default `heartwood_role`). */
  roleClaim?: string;
  /** Maps the provider's role values to Heartwood roles, e.g. `{ "R8000": "clinician" }`. */
  roleMap?: Record<string, Role>;
  /** Claim holding the organisation id (default `organization`). */
  organizationClaim?: string;
  /** Claim holding the NHS number of a patient (default `nhs_number`). */
  nhsNumberClaim?: string;
  /** Allowed signature algorithms (a subset of Heartwood's allow-list). */
  algorithms?: string[];
}

/** Reads and checks the providers file; an unreadable or inconsistent file stops the server. */
export async function loadAuthProviders(path: string | undefined): Promise<AuthProviderConfig[]> {
  if (!path) return [];
  const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
  return checkAuthProviders(parsed);
}

export function checkAuthProviders(value: unknown): AuthProviderConfig[] {
  if (!Array.isArray(value)) throw new Error('HEARTWOOD_AUTH_PROVIDERS must hold a JSON array of providers.');
  return value.map((p: Partial<AuthProviderConfig>, i) => {
    const where = `HEARTWOOD_AUTH_PROVIDERS entry ${i + 1}`;
    if (typeof p.issuer !== 'string' || !/^https?:\/\//.test(p.issuer)) {
      throw new Error(`${where}: "issuer" must be an http(s) URL.`);
    }
    if (!p.jwksUri && !p.jwks) throw new Error(`${where}: give "jwksUri" or "jwks".`);
    if (p.jwksUri && !/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(p.jwksUri)) {
      throw new Error(`${where}: "jwksUri" must use https.`);
    }
    if (p.audience === undefined || (Array.isArray(p.audience) && p.audience.length === 0)) {
      throw new Error(`${where}: "audience" is required.`);
    }
    if (p.kind !== 'patient' && p.kind !== 'staff') {
      throw new Error(`${where}: "kind" must be "patient" or "staff".`);
    }
    for (const role of Object.values(p.roleMap ?? {})) {
      if (!isRole(role) || !STAFF_ROLES.includes(role)) {
        throw new Error(`${where}: roleMap may only name staff roles (${STAFF_ROLES.join(', ')}).`);
      }
    }
    return p as AuthProviderConfig;
  });
}
