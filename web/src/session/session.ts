import { readTokenClaims } from './token-claims.js';
import type { Role } from './token-claims.js';
import type { TokenSet } from './openid-client.js';

/**
 * Who is using the pages, from their access token: their role, who they are, and, for a patient or
 * someone acting for one, whose record the patient pages show. Pages ask for these and for
 * `authHeaders()`, nothing else.
 */
export interface Session {
  role: Role;
  /** The person signed in, as FHIR knows them (`Patient/…`, `RelatedPerson/…`, `Practitioner/…`). */
  person?: string;
  /** The signed-in person's name. */
  name: string;
  /** The record the patient pages show: the patient's own, or the one a proxy acts for. */
  patientId?: string;
  /** That patient's name, for the header and "you are acting for". */
  patientName?: string;
  organization?: string;
  organizationName?: string;
  /** Seconds since the epoch when the access token stops working. */
  expiresAt: number;
  /** Headers for every FHIR API call. */
  authHeaders(): Record<string, string>;
}

/** What is kept (per tab, in sessionStorage) to restore a session after a reload. */
export interface StoredSession {
  tokens: TokenSet;
  patientName?: string;
  /** For a carer acting for several people: the one whose record the pages show now. */
  actingFor?: { id: string; name: string };
}

export function sessionFrom(stored: StoredSession): Session | undefined {
  const claims = readTokenClaims(stored.tokens.accessToken);
  if (!claims) return undefined;
  const header = { Authorization: `Bearer ${stored.tokens.accessToken}` };
  return {
    role: claims.role,
    person: claims.person,
    name: claims.name ?? stored.patientName ?? '',
    patientId:
      claims.role === 'proxy' && stored.actingFor
        ? stored.actingFor.id
        : claims.role === 'patient' || claims.role === 'proxy'
          ? claims.patient
          : undefined,
    patientName: (claims.role === 'proxy' ? stored.actingFor?.name : undefined) ?? stored.patientName,
    organization: claims.organization,
    organizationName: claims.organizationName,
    expiresAt: claims.expiresAt,
    authHeaders: () => header,
  };
}
