import { describe, expect, it } from 'vitest';
import { readTokenClaims } from './token-claims.js';

const encode = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${encode({ alg: 'ES256' })}.${encode(claims)}.sig`;

describe('readTokenClaims', () => {
  it('reads role, person, patient, names (UTF-8) and expiry', () => {
    expect(
      readTokenClaims(
        jwt({
          heartwood_role: 'proxy',
          fhirUser: 'RelatedPerson/r1',
          patient: 'p1',
          name: 'Siân Jones',
          exp: 1_900_000_000,
        }),
      ),
    ).toEqual({
      role: 'proxy',
      person: 'RelatedPerson/r1',
      patient: 'p1',
      name: 'Siân Jones',
      organization: undefined,
      organizationName: undefined,
      expiresAt: 1_900_000_000,
    });
  });

  it('refuses tokens without a known role or expiry, and text that is not a JWT', () => {
    expect(readTokenClaims(jwt({ heartwood_role: 'wizard', exp: 1 }))).toBeUndefined();
    expect(readTokenClaims(jwt({ heartwood_role: 'patient' }))).toBeUndefined();
    expect(readTokenClaims('not a token')).toBeUndefined();
    expect(readTokenClaims('a.%%%.c')).toBeUndefined();
  });
});
