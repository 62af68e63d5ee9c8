import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { isFhirError } from '../fhir/index.js';
import { createAuthenticator } from './authenticator.js';
import { generateSigningKey } from './signing-key.js';
import type { SigningKey } from './signing-key.js';
import { mintToken } from './token-minter.js';

const ISSUER = 'https://heartwood.test/oidc';
const AUDIENCE = 'https://heartwood.test/fhir';
const key = generateSigningKey();
const otherKey = generateSigningKey();
const auth = createAuthenticator({ issuer: ISSUER, audience: AUDIENCE, publicKeys: [key.publicJwk] });
const now = () => Math.floor(Date.now() / 1000);

function sign(
  claims: Record<string, unknown>,
  options: { signer?: SigningKey; kid?: string; iss?: string; aud?: string; exp?: number; nbf?: number } = {},
): Promise<string> {
  const signer = options.signer ?? key;
  const jwt = new SignJWT({ heartwood_role: 'gp', scope: 'user/*.rs', ...claims })
    .setProtectedHeader({ alg: signer.alg, kid: options.kid ?? signer.kid })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject('Practitioner/p1')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 300);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(signer.privateKey);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function codeOf(authorization: string | undefined): Promise<string> {
  try {
    await auth.authenticate({ authorization });
  } catch (e) {
    if (isFhirError(e)) return `${e.status} ${e.issues[0]!.code} ${e.issues[0]!.detailsCode}`;
    throw e;
  }
  return 'accepted';
}

describe('createAuthenticator: tokens that must be refused', () => {
  it('no token, or not a bearer token: HW-AUTH-001', async () => {
    expect(await codeOf(undefined)).toBe('401 login HW-AUTH-001');
    expect(await codeOf('')).toBe('401 login HW-AUTH-001');
    expect(await codeOf('Basic dXNlcjpwYXNz')).toBe('401 login HW-AUTH-001');
  });

  it('garbage: HW-AUTH-002', async () => {
    expect(await codeOf('Bearer not-a-jwt')).toBe('401 login HW-AUTH-002');
    expect(await codeOf('Bearer a.b.c')).toBe('401 login HW-AUTH-002');
    expect(await codeOf(`Bearer ${'x'.repeat(20_000)}`)).toBe('401 login HW-AUTH-002');
  });

  it('alg none: HW-AUTH-003', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 60, heartwood_role: 'admin' })}.`;
    expect(await codeOf(`Bearer ${token}`)).toBe('401 login HW-AUTH-003');
  });

  it('HS256 with the public key as the secret (key confusion): HW-AUTH-003', async () => {
    const header = b64({ alg: 'HS256', kid: key.kid });
    const body = b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 60, heartwood_role: 'admin' });
    const secret = JSON.stringify(key.publicJwk);
    const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    expect(await codeOf(`Bearer ${header}.${body}.${sig}`)).toBe('401 login HW-AUTH-003');
  });

  it('bad signature, another key under our kid, unknown kid: HW-AUTH-003', async () => {
    const good = await sign({});
    const [h, p, s] = good.split('.');
    const flipped = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
    expect(await codeOf(`Bearer ${flipped}`)).toBe('401 login HW-AUTH-003');
    const tampered = `${h}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 60, heartwood_role: 'admin' })}.${s}`;
    expect(await codeOf(`Bearer ${tampered}`)).toBe('401 login HW-AUTH-003');
    expect(await codeOf(`Bearer ${await sign({}, { signer: otherKey, kid: key.kid })}`)).toBe(
      '401 login HW-AUTH-003',
    );
    expect(await codeOf(`Bearer ${await sign({}, { signer: otherKey })}`)).toBe('401 login HW-AUTH-003');
  });

  it('expired or not yet valid (beyond the clock skew): HW-AUTH-004', async () => {
    expect(await codeOf(`Bearer ${await sign({}, { exp: now() - 120 })}`)).toBe('401 login HW-AUTH-004');
    expect(await codeOf(`Bearer ${await sign({}, { nbf: now() + 600 })}`)).toBe('401 login HW-AUTH-004');
    // Within the 60 s skew: still accepted.
    expect(await codeOf(`Bearer ${await sign({}, { exp: now() - 5 })}`)).toBe('accepted');
  });

  it('wrong issuer: HW-AUTH-005; wrong audience: HW-AUTH-006', async () => {
    expect(await codeOf(`Bearer ${await sign({}, { iss: 'https://evil.example' })}`)).toBe(
      '401 login HW-AUTH-005',
    );
    expect(await codeOf(`Bearer ${await sign({}, { aud: 'https://other.example/fhir' })}`)).toBe(
      '401 login HW-AUTH-006',
    );
  });

  it('no role Heartwood knows, or a patient token naming no patient: HW-AUTH-007', async () => {
    expect(await codeOf(`Bearer ${await sign({ heartwood_role: 'superuser' })}`)).toBe(
      '401 login HW-AUTH-007',
    );
    expect(await codeOf(`Bearer ${await sign({ heartwood_role: 'patient' })}`)).toBe('401 login HW-AUTH-007');
  });
});

describe('createAuthenticator: principals', () => {
  it('maps a valid token to the expected Principal', async () => {
    const token = await mintToken(
      { key, issuer: ISSUER, audience: AUDIENCE },
      {
        role: 'gp',
        person: 'Practitioner/p1',
        organization: 'org-1',
        scope: 'openid fhirUser user/*.rs user/Observation.cruds',
        name: 'Dr Amina Shah',
      },
    );
    const p = await auth.authenticate({ authorization: `Bearer ${token}` }, '203.0.113.7');
    expect(p).toMatchObject({
      subject: 'Practitioner/p1',
      role: 'gp',
      name: 'Dr Amina Shah',
      person: 'Practitioner/p1',
      organization: 'org-1',
      clientId: 'heartwood-admin',
      address: '203.0.113.7',
      issuer: ISSUER,
    });
    expect(p.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.scopes.map((s) => [s.context, s.resourceType, [...s.permissions].join('')])).toEqual([
      ['user', '*', 'rs'],
      ['user', 'Observation', 'cruds'],
    ]);
  });

  it('a patient token takes its patient from the launch context or from fhirUser', async () => {
    const ctx = { key, issuer: ISSUER, audience: AUDIENCE };
    const launch = await auth.authenticate({
      authorization: `Bearer ${await mintToken(ctx, { role: 'proxy', patient: 'pat-1', person: 'RelatedPerson/rp-1' })}`,
    });
    expect(launch).toMatchObject({ role: 'proxy', patient: 'pat-1', person: 'RelatedPerson/rp-1' });
    const self = await auth.authenticate({
      authorization: `Bearer ${await mintToken(ctx, { role: 'patient', person: 'Patient/pat-2' })}`,
    });
    expect(self).toMatchObject({ role: 'patient', patient: 'pat-2' });
  });

  it('external providers: NHS login-style patients keep their proofing level; staff roles are mapped', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'ext-1', alg: 'RS256' };
    const external = createAuthenticator({
      issuer: ISSUER,
      audience: AUDIENCE,
      publicKeys: [key.publicJwk],
      providers: [
        { issuer: 'https://login.example', jwks: { keys: [jwk] }, audience: 'heartwood', kind: 'patient' },
        {
          issuer: 'https://staff.example',
          jwks: { keys: [jwk] },
          audience: 'heartwood',
          kind: 'staff',
          roleClaim: 'roles',
          roleMap: { R8000: 'clinician' },
        },
      ],
      resolvePatient: async (n) => (n === '9990000018' ? 'pat-9' : undefined),
    });
    const ext = (iss: string, claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'ext-1' })
        .setIssuer(iss)
        .setAudience('heartwood')
        .setSubject('ext-user')
        .setExpirationTime(now() + 60)
        .sign(privateKey);
    const patient = await external.authenticate({
      authorization: `Bearer ${await ext('https://login.example', { nhs_number: '9990000018', vot: 'P5.Cp.Cd' })}`,
    });
    expect(patient).toMatchObject({
      role: 'patient',
      patient: 'pat-9',
      vot: 'P5.Cp.Cd',
      nhsNumber: '9990000018',
    });
    const staff = await external.authenticate({
      authorization: `Bearer ${await ext('https://staff.example', { roles: ['R8000'], organization: 'R9A' })}`,
    });
    expect(staff).toMatchObject({ role: 'clinician', organization: 'R9A' });
    // An external staff provider cannot grant a machine role.
    await expect(
      external.authenticate({
        authorization: `Bearer ${await ext('https://staff.example', { roles: ['system'] })}`,
      }),
    ).rejects.toMatchObject({ issues: [{ detailsCode: 'HW-AUTH-007' }] });
  });
});
