import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from './principal.js';
import { defaultScopeFor } from './roles.js';
import type { SigningKey } from './signing-key.js';

export interface MintRequest {
  role: Role;
  /** Patient id for `patient` and `proxy`. */
  patient?: string;
  /** FHIR reference of the person: `Practitioner/x`, `Patient/x`, `RelatedPerson/x`. */
  person?: string;
  organization?: string;
  /** SMART scopes; the role's usual scopes when absent. */
  scope?: string;
  name?: string;
  subject?: string;
  clientId?: string;
  /** Identity proofing level (`vot`), as a patient identity provider asserts it. */
  vot?: string;
  /** Lifetime in seconds (default 15 minutes). */
  ttlSeconds?: number;
}

export interface MintContext {
  key: SigningKey;
  issuer: string;
  audience: string;
}

/** Lifetimes longer than this are refused: minted tokens cannot be revoked, so they must die young. */
export const MAX_MINTED_TTL_SECONDS = 24 * 60 * 60;

/** A bearer token signed with the server key, for operators (`heartwood admin token`) and tests. */
export async function mintToken(context: MintContext, request: MintRequest): Promise<string> {
  const ttl = request.ttlSeconds ?? 15 * 60;
  if (!(ttl > 0 && ttl <= MAX_MINTED_TTL_SECONDS)) {
    throw new Error(
      `The token lifetime must be between 1 second and ${MAX_MINTED_TTL_SECONDS / 3600} hours.`,
    );
  }
  const claims: Record<string, unknown> = {
    heartwood_role: request.role,
    scope: request.scope ?? defaultScopeFor(request.role),
    client_id: request.clientId ?? 'heartwood-admin',
  };
  if (request.person) claims.fhirUser = request.person;
  if (request.patient) claims.patient = request.patient;
  if (request.organization) claims.organization = request.organization;
  if (request.name) claims.name = request.name;
  if (request.vot) claims.vot = request.vot;
  const subject = request.subject ?? request.person ?? `heartwood-admin/${request.role}`;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: context.key.alg, kid: context.key.kid, typ: 'at+jwt' })
    .setIssuer(context.issuer)
    .setAudience(context.audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
    .setJti(randomUUID())
    .sign(context.key.privateKey);
}

/** Parses `15m`, `1h`, `90s`, `2d` or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration such as 15m, 1h or 90s.`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
