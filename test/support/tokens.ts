import { generateSigningKey, mintToken } from '../../src/auth/index.js';
import type { Role } from '../../src/auth/index.js';

export const BASE = 'http://heartwood.test/fhir';
export const PUBLIC_URL = 'http://heartwood.test';
export const ISSUER = `${PUBLIC_URL}/oidc`;

/** One key for the whole test process, like a server's: tokens minted here verify on any test app. */
export const TEST_SIGNING_KEY = generateSigningKey();

export interface TokenRequest {
  role: Role;
  patient?: string;
  person?: string;
  organization?: string;
  scope?: string;
  name?: string;
  clientId?: string;
  subject?: string;
  vot?: string;
  /** Lifetime in seconds (default 1 hour, longer than any suite). */
  ttlSeconds?: number;
}

/** A bearer token for the test apps, signed with the test server key, as `heartwood admin token` mints. */
export function tokenFor(request: TokenRequest): Promise<string> {
  return mintToken(
    { key: TEST_SIGNING_KEY, issuer: ISSUER, audience: BASE },
    { ttlSeconds: 3600, ...request },
  );
}

/** `Authorization` header value for a token request. */
export async function bearer(request: TokenRequest): Promise<string> {
  return `Bearer ${await tokenFor(request)}`;
}
