/** The roles Heartwood's tokens carry in `heartwood_role`. */
export type Role = 'patient' | 'proxy' | 'gp' | 'clinician' | 'privacy-officer' | 'analyst' | 'admin';

const ROLES: readonly Role[] = ['patient', 'proxy', 'gp', 'clinician', 'privacy-officer', 'analyst', 'admin'];

/** What the pages need from an access token. The server verifies it; the pages only read it. */
export interface TokenClaims {
  role: Role;
  /** `Patient/…`, `RelatedPerson/…`, `Practitioner/…`. */
  person?: string;
  /** For patients their own record; for proxies the person they act for. */
  patient?: string;
  name?: string;
  organization?: string;
  organizationName?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** Reads a JWT's payload (no signature check: that is the server's job). Undefined if unreadable. */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: Record<string, unknown>;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  const role = text('heartwood_role') as Role | undefined;
  if (!role || !ROLES.includes(role) || typeof claims.exp !== 'number') return undefined;
  return {
    role,
    person: text('fhirUser'),
    patient: text('patient'),
    name: text('name'),
    organization: text('organization'),
    organizationName: text('organization_name'),
    expiresAt: claims.exp,
  };
}

export const STAFF_ROLES: readonly Role[] = ['gp', 'clinician', 'privacy-officer', 'analyst', 'admin'];
export const CARE_ROLES: readonly Role[] = ['gp', 'clinician'];
