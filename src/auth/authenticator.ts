import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWK, JWTPayload, JWTVerifyGetKey } from 'jose';
import { errors } from '../fhir/index.js';
import type { FhirError } from '../fhir/index.js';
import type { AuthProviderConfig } from './auth-providers.js';
import type { Principal, Role } from './principal.js';
import { isRole, STAFF_ROLES } from './roles.js';
import { parseScopes } from './scopes.js';

/** Asymmetric algorithms only: `none` and HMAC (HS*) are never accepted. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256', 'ES384', 'PS256', 'EdDSA'];
/** Longest bearer token accepted; real ones are well under 4 KB. */
const MAX_TOKEN_LENGTH = 16 * 1024;

export interface AuthenticatorConfig {
  /** Heartwood's own issuer (the embedded OpenID provider, and `heartwood admin token`). */
  issuer: string;
  /** The audience Heartwood's own tokens carry: the FHIR base URL. */
  audience: string;
  /** Public keys of Heartwood's signing keys (current and, during rotation, previous). */
  publicKeys: JWK[];
  providers?: AuthProviderConfig[];
  /** Clock skew tolerated on `exp`/`nbf`, in seconds (default 60). */
  clockToleranceSeconds?: number;
  /** Finds the Patient id of an NHS number, for patient providers that assert only the number. */
  resolvePatient?: (nhsNumber: string) => Promise<string | undefined>;
}

export interface Authenticator {
  /** The principal of a request's bearer token; throws a 401 FhirError (HW-AUTH-00x) otherwise. */
  authenticate(headers: { authorization?: string }, address?: string): Promise<Principal>;
}

interface TrustedIssuer {
  issuer: string;
  audience: string | string[];
  keys: JWTVerifyGetKey;
  algorithms: string[];
  provider?: AuthProviderConfig;
}

export function createAuthenticator(config: AuthenticatorConfig): Authenticator {
  const issuers = new Map<string, TrustedIssuer>();
  issuers.set(config.issuer, {
    issuer: config.issuer,
    audience: config.audience,
    keys: createLocalJWKSet({ keys: config.publicKeys }),
    algorithms: ALLOWED_ALGORITHMS,
  });
  for (const p of config.providers ?? []) {
    issuers.set(p.issuer, {
      issuer: p.issuer,
      audience: p.audience,
      // jose caches a remote key set and refetches it (rate-limited) when an unknown kid appears.
      keys: p.jwks ? createLocalJWKSet(p.jwks) : createRemoteJWKSet(new URL(p.jwksUri!)),
      algorithms: (p.algorithms ?? ALLOWED_ALGORITHMS).filter((a) => ALLOWED_ALGORITHMS.includes(a)),
      provider: p,
    });
  }
  const clockTolerance = config.clockToleranceSeconds ?? 60;
  // A verified token stays valid until it expires: checking its signature again on every request of
  // a session would cost more than the request (ES256 verification is ~0.2 ms of CPU).
  const verified = new Map<string, { principal: Principal; until: number }>();

  async function authenticate(headers: { authorization?: string }, address?: string): Promise<Principal> {
    const token = bearerToken(headers.authorization);
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() < hit.until) return address ? { ...hit.principal, address } : hit.principal;
      verified.delete(token);
    }
    const principal = await verify(token);
    const exp = typeof principal.expiresAt === 'number' ? principal.expiresAt : 0;
    const until = Math.min(exp * 1000, Date.now() + MAX_CACHED_MS);
    if (until > Date.now()) {
      if (verified.size >= MAX_CACHED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, { principal, until });
    }
    return address ? { ...principal, address } : principal;
  }

  async function verify(token: string): Promise<Principal> {
    let header: { alg?: string };
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw errors.authMalformed('The bearer token is not a well-formed JWT.');
    }
    if (!header.alg || !ALLOWED_ALGORITHMS.includes(header.alg)) {
      throw errors.authBadSignature(`Tokens signed with "${header.alg ?? 'none'}" are not accepted.`);
    }
    const trusted = typeof unverified.iss === 'string' ? issuers.get(unverified.iss) : undefined;
    if (!trusted) throw errors.authWrongIssuer('The token was not issued by a provider Heartwood trusts.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: trusted.algorithms,
        clockTolerance,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      throw verificationError(e);
    }
    const principal = await toPrincipal(payload, trusted, config.resolvePatient);
    if (typeof payload.exp === 'number') principal.expiresAt = payload.exp;
    return principal;
  }
  return { authenticate };
}

/** Verified tokens remembered at once, and for how long at most (a patient lookup may change). */
const MAX_CACHED_TOKENS = 10_000;
const MAX_CACHED_MS = 5 * 60_000;

function bearerToken(authorization: string | undefined): string {
  if (!authorization || authorization.trim() === '') {
    throw errors.authMissing('This request needs a bearer token (Authorization: Bearer …).');
  }
  const m = /^Bearer +([^\s]+)\s*$/i.exec(authorization);
  if (!m) throw errors.authMissing('Only bearer tokens are accepted (Authorization: Bearer …).');
  if (m[1]!.length > MAX_TOKEN_LENGTH) throw errors.authMalformed('The bearer token is too long.');
  return m[1]!;
}

/** jose's failures, mapped to the stable codes; messages never quote the token. */
function verificationError(e: unknown): FhirError {
  const { code, claim } = e as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return errors.authExpired('The token has expired.');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'nbf' || claim === 'iat') return errors.authExpired('The token is not valid yet.');
      if (claim === 'iss') return errors.authWrongIssuer('The token issuer is not accepted.');
      if (claim === 'aud') return errors.authWrongAudience('The token is not meant for this server.');
      return errors.authMalformed(`The token's "${claim ?? 'unknown'}" claim is missing or invalid.`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return errors.authBadSignature('The token signature does not verify.');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return errors.authBadSignature('The token was signed with a key Heartwood does not know.');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return errors.authBadSignature('The token signature algorithm is not accepted.');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
      return errors.unavailable('The identity provider keys could not be fetched; retry shortly.');
    default:
      return errors.authMalformed('The bearer token could not be read.');
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function toPrincipal(
  claims: JWTPayload,
  trusted: TrustedIssuer,
  resolvePatient: AuthenticatorConfig['resolvePatient'],
): Promise<Principal> {
  const provider = trusted.provider;
  const person = str(claims.fhirUser);
  let role: Role | undefined;
  if (!provider) {
    role = isRole(claims.heartwood_role) ? claims.heartwood_role : undefined;
  } else if (provider.kind === 'patient') {
    role = 'patient';
  } else {
    const raw = claims[provider.roleClaim ?? 'heartwood_role'];
    const value = Array.isArray(raw) ? raw.find((r) => typeof r === 'string') : raw;
    const mapped = typeof value === 'string' ? (provider.roleMap?.[value] ?? value) : undefined;
    role = isRole(mapped) && STAFF_ROLES.includes(mapped) ? mapped : undefined;
  }
  if (!role) throw errors.authClaims('The token does not give a role Heartwood recognises.');

  const principal: Principal = {
    subject: claims.sub!,
    role,
    name: str(claims.name) ?? str(claims.client_id) ?? claims.sub!,
    scopes: parseScopes(str(claims.scope) ?? (Array.isArray(claims.scp) ? claims.scp.join(' ') : undefined)),
    issuer: trusted.issuer,
  };
  if (person) principal.person = person;
  const organization = str(claims[provider?.organizationClaim ?? 'organization']);
  if (organization) principal.organization = organization;
  const organizationName = str(claims.organization_name);
  if (organizationName) principal.organizationName = organizationName;
  const clientId = str(claims.client_id) ?? str(claims.azp);
  if (clientId) principal.clientId = clientId;
  const jti = str(claims.jti);
  if (jti) principal.tokenId = jti;
  const vot = str(claims.vot);
  if (vot) principal.vot = vot;

  let patient = str(claims.patient);
  if (!patient && role === 'patient' && person?.startsWith('Patient/')) patient = person.slice(8);
  const nhsNumber =
    provider?.kind === 'patient' ? str(claims[provider.nhsNumberClaim ?? 'nhs_number']) : undefined;
  if (nhsNumber) {
    principal.nhsNumber = nhsNumber;
    if (!patient && resolvePatient) patient = await resolvePatient(nhsNumber);
  }
  if (patient) principal.patient = patient;
  if ((role === 'patient' || role === 'proxy') && !principal.patient && !nhsNumber) {
    throw errors.authClaims('A patient token must name the patient (patient, fhirUser or NHS number).');
  }
  return principal;
}
