/**
 * Who is making a request, as the policy engine and the audit log see it. Every path into the record
 * (HTTP, MLLP, CLI, import) carries one; the HTTP layer builds it from a verified bearer token.
 */

/** The roles Heartwood knows. Staff roles carry an organisation; `patient` and `proxy` a patient. */
export type Role =
  | 'patient'
  | 'proxy'
  | 'gp'
  | 'clinician'
  | 'privacy-officer'
  | 'analyst'
  | 'admin'
  /** A source system pushing records (backend services client). */
  | 'source'
  /** Heartwood itself: CLI, importers, demo loader, background jobs. */
  | 'system';

/** SMART App Launch v2 scope: `patient/Observation.rs`, `user/*.cruds`, `system/*.rs`. */
export interface Scope {
  context: 'patient' | 'user' | 'system';
  /** A resource type, or `*`. */
  resourceType: string;
  /** Subset of c, r, u, d, s. */
  permissions: Set<'c' | 'r' | 'u' | 'd' | 's'>;
  /** SMART v2 finer-grained constraint after `?`, e.g. `category=laboratory`. */
  query?: string;
}

export interface Principal {
  /** Stable subject of the token (the user's or client's id at the identity provider). */
  subject: string;
  role: Role;
  /** Display name for audit and the access log ("Dr Amina Shah"). */
  name: string;
  /** The FHIR resource of the person acting: `Practitioner/…`, `Patient/…`, `RelatedPerson/…`, `Device/…`. */
  person?: string;
  /** Organisation id (no type prefix) for staff and sources. */
  organization?: string;
  /** Display name of the organisation, for audit. */
  organizationName?: string;
  /** For `patient`: their own Patient id. For `proxy`: the patient currently acted for. */
  patient?: string;
  /** Granted scopes; the policy engine intersects them with the role's rules. */
  scopes: Scope[];
  /** OAuth client that obtained the token. */
  clientId?: string;
  /** Token id (`jti`), for audit. */
  tokenId?: string;
  /** Identity proofing level of a patient sign-in, e.g. `P9.Cp.Cd` (NHS login `vot`). */
  vot?: string;
  /** Client network address, for audit. */
  address?: string;
  /** When the token it came from expires (seconds since the epoch). */
  expiresAt?: number;
  /**
   * For `source`: the `meta.source` URI its records carry. It sees only what it recorded, so a
   * conditional create or update upserts on its own identifiers.
   */
  source?: string;
  /** Issuer of the token the principal was built from (Heartwood's own or an external provider). */
  issuer?: string;
  /** NHS number asserted by a patient identity provider, when its token names no Patient id. */
  nhsNumber?: string;
}

const ALL: Scope = { context: 'system', resourceType: '*', permissions: new Set(['c', 'r', 'u', 'd', 's']) };

/** Heartwood acting on its own behalf (CLI, importers, demo loader): no policy limits, still audited. */
export function systemPrincipal(name = 'Heartwood'): Principal {
  return { subject: 'heartwood', role: 'system', name, scopes: [ALL], person: 'Device/heartwood' };
}
