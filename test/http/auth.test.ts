import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveBackendClient, setUpSignIn } from '../../src/auth/index.js';
import { buildApp } from '../../src/http/index.js';
import { adminCommand } from '../../src/cli/admin-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { demoAccounts } from '../../src/demo/index.js';
import { BASE, ISSUER, PUBLIC_URL, bearer, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TEST_SIGNING_KEY } from '../support/tokens.js';
import { patient } from '../support/fhir-client.js';

const HOST = new URL(PUBLIC_URL).host;
const REDIRECT_URI = `${PUBLIC_URL}/signed-in`;

let t: TestApp;
const demoPatientId = demoAccounts().find((a) => a.role === 'patient')!.patient!;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  // The demo patient's record (the full demo data is not needed to sign in as them).
  const put = await t.app.inject({
    method: 'PUT',
    url: `/fhir/Patient/${demoPatientId}`,
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify({ ...patient(), id: demoPatientId }),
  });
  expect(put.statusCode).toBe(201);
});
afterAll(() => t.close());

/** Cookies as a browser keeps them: set by responses, sent back with every request. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    take(setCookie: string | string[] | undefined) {
      for (const line of [setCookie ?? []].flat()) {
        const [pair, ...attrs] = line.split(';');
        const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
        const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
        if (expired) jar.delete(name.trim());
        else jar.set(name.trim(), value);
      }
    },
  };
}

/** Follows a browser through the embedded provider: authorize, sign-in page, consent, code. */
async function signInAs(account: string, scope: string) {
  const jar = cookieJar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomUUID();
  const query = new URLSearchParams({
    client_id: 'heartwood-web',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const pages: string[] = [];
  let url = `/oidc/auth?${query}`;
  let method: 'GET' | 'POST' = 'GET';
  let payload: string | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const r = await t.injectWithoutToken({
      method,
      url,
      headers: {
        host: HOST,
        cookie: jar.header(),
        ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload,
    });
    jar.take(r.headers['set-cookie']);
    method = 'GET';
    payload = undefined;
    if (r.statusCode === 200 && url.startsWith('/sign-in/')) {
      // The login page: choose the demo account's button.
      pages.push(r.body);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.body).toContain(`value="${account}"`);
      method = 'POST';
      url = `${url}/login`;
      payload = new URLSearchParams({ account }).toString();
      continue;
    }
    expect([302, 303], `${url}: ${r.body.slice(0, 900)}`).toContain(r.statusCode);
    const location = new URL(r.headers.location as string, PUBLIC_URL);
    if (location.href.startsWith(REDIRECT_URI)) {
      expect(location.searchParams.get('state')).toBe(state);
      expect(location.searchParams.get('iss')).toBe(ISSUER);
      return { code: location.searchParams.get('code')!, verifier, pages };
    }
    url = location.pathname + location.search;
  }
  throw new Error('the sign-in did not reach the redirect URI');
}

async function tokenRequest(form: Record<string, string>) {
  const r = await t.injectWithoutToken({
    method: 'POST',
    url: '/oidc/token',
    headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
  return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, string> };
}

describe('requests without a valid token', () => {
  it('GET /fhir/Patient without a token: 401 OperationOutcome (login, HW-AUTH-001) and WWW-Authenticate', async () => {
    const r = await t.injectWithoutToken({ method: 'GET', url: '/fhir/Patient' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Bearer realm="heartwood"');
    expect(r.headers['content-type']).toContain('application/fhir+json');
    const outcome = r.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({
      code: 'login',
      details: { coding: [{ code: 'HW-AUTH-001' }] },
    });
  });

  it('a token that fails verification: 401 with error="invalid_token"', async () => {
    const r = await t.injectWithoutToken({
      method: 'GET',
      url: '/fhir/Patient',
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(r.json().issue[0].details.coding[0].code).toBe('HW-AUTH-002');
  });

  it('writes need a token too', async () => {
    const r = await t.injectWithoutToken({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(patient()),
    });
    expect(r.statusCode).toBe(401);
  });
});

describe('public endpoints', () => {
  it('the CapabilityStatement is public and names the SMART security service', async () => {
    const r = await t.injectWithoutToken({ method: 'GET', url: '/fhir/metadata' });
    expect(r.statusCode).toBe(200);
    const security = r.json().rest[0].security;
    expect(security.service[0].coding[0].code).toBe('SMART-on-FHIR');
    const uris = security.extension[0].extension;
    expect(uris).toEqual(
      expect.arrayContaining([
        { url: 'authorize', valueUri: `${ISSUER}/auth` },
        { url: 'token', valueUri: `${ISSUER}/token` },
      ]),
    );
  });

  it('SMART discovery at the root and under /fhir, and the key set', async () => {
    for (const url of ['/.well-known/smart-configuration', '/fhir/.well-known/smart-configuration']) {
      const r = await t.injectWithoutToken({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      const smart = r.json();
      expect(smart).toMatchObject({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
      });
      expect(smart.grant_types_supported).toEqual(
        expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token']),
      );
      expect(smart.capabilities).toEqual(
        expect.arrayContaining([
          'launch-standalone',
          'client-public',
          'client-confidential-asymmetric',
          'context-standalone-patient',
          'permission-v2',
          'sso-openid-connect',
          'permission-patient',
          'permission-user',
        ]),
      );
    }
    const jwks = await t.injectWithoutToken({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.json().keys).toEqual([TEST_SIGNING_KEY.publicJwk]);
    expect(JSON.stringify(jwks.json())).not.toContain('"d"');
    const oidc = await t.injectWithoutToken({
      method: 'GET',
      url: '/oidc/.well-known/openid-configuration',
      headers: { host: HOST },
    });
    expect(oidc.statusCode).toBe(200);
    expect(oidc.json().issuer).toBe(ISSUER);
    expect(oidc.headers['x-frame-options']).toBe('DENY');
    expect(oidc.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('authorization code + PKCE with the embedded provider (demo mode)', () => {
  it('signs in as the demo patient and reads their record; the refresh token works and rotates', async () => {
    const { code, verifier, pages } = await signInAs(
      'demo-patient',
      'openid fhirUser launch/patient offline_access patient/*.rs',
    );
    // The login page offers one account per role.
    for (const id of [
      'demo-patient',
      'demo-proxy',
      'demo-gp',
      'demo-clinician',
      'demo-privacy-officer',
      'demo-analyst',
      'demo-admin',
    ]) {
      expect(pages[0]).toContain(`value="${id}"`);
    }
    const token = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: 'heartwood-web',
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', patient: demoPatientId });
    // The access token's scope: the FHIR resource scopes (OpenID scopes go to the ID token).
    expect(token.body.scope).toBe('patient/*.rs');
    expect(token.body.refresh_token).toBeTruthy();
    expect(token.body.id_token).toBeTruthy();

    const read = await t.injectWithoutToken({
      method: 'GET',
      url: `/fhir/Patient/${demoPatientId}`,
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().id).toBe(demoPatientId);
    // Signing in is audited: the grant becomes a login AuditEvent naming the patient.
    let logins: string[] = [];
    for (let i = 0; i < 50 && logins.length === 0; i++) {
      const r = await t.opened.driver.query<{ outcome: string }>(
        `SELECT outcome FROM audit_record WHERE subtype = 'login' AND $1 = ANY(patient_ids)`,
        [demoPatientId],
      );
      logins = r.rows.map((row) => row.outcome);
      if (logins.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logins).toContain('0');

    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: token.body.refresh_token!,
      client_id: 'heartwood-web',
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
    const reread = await t.injectWithoutToken({
      method: 'GET',
      url: `/fhir/Patient/${demoPatientId}`,
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
    });
    expect(reread.statusCode).toBe(200);
    // Rotation: the old refresh token is spent.
    const reused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: token.body.refresh_token!,
      client_id: 'heartwood-web',
    });
    expect(reused.status).toBe(400);

    // A code is single-use; presenting it again revokes the grant, refresh tokens included.
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: 'heartwood-web',
      code_verifier: verifier,
    });
    expect(again.status).toBe(400);
    const afterReplay = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshed.body.refresh_token!,
      client_id: 'heartwood-web',
    });
    expect(afterReplay.status).toBe(400);
  });

  it('a refresh token issued by one server process works on another: provider state is in the database', async () => {
    const { code, verifier } = await signInAs('demo-proxy', 'openid fhirUser launch/patient patient/*.rs');
    const first = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: 'heartwood-web',
      code_verifier: verifier,
    });
    expect(first.status).toBe(200);
    expect(first.body.patient).toBe(demoPatientId);
    // A second process: its own provider instance and app over the same database and key.
    const signIn = await setUpSignIn({
      issuer: ISSUER,
      audience: BASE,
      dataDir: '',
      key: TEST_SIGNING_KEY,
      db: t.opened.driver,
      accounts: demoAccounts(),
      webRedirectUris: [REDIRECT_URI],
    });
    const other = buildApp({
      service: t.service,
      baseUrl: BASE,
      auth: signIn.authenticator,
      signIn: { issuer: ISSUER, publicKeys: [TEST_SIGNING_KEY.publicJwk], provider: signIn.provider },
    });
    try {
      const r = await other.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: first.body.refresh_token!,
          client_id: 'heartwood-web',
        }).toString(),
      });
      expect(r.statusCode, r.body).toBe(200);
      const principal = await t.signIn.authenticator.authenticate({
        authorization: `Bearer ${r.json().access_token}`,
      });
      expect(principal).toMatchObject({
        role: 'proxy',
        patient: demoPatientId,
        person: 'RelatedPerson/demo-carer',
        clientId: 'heartwood-web',
      });
    } finally {
      await other.close();
    }
  });

  it('refuses a code exchange without the PKCE verifier', async () => {
    const { code } = await signInAs('demo-gp', 'openid fhirUser user/*.rs');
    const r = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: 'heartwood-web',
    });
    expect(r.status).toBe(400);
  });

  it('refuses an authorization request without a code challenge', async () => {
    const query = new URLSearchParams({
      client_id: 'heartwood-web',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 's',
    });
    const r = await t.injectWithoutToken({
      method: 'GET',
      url: `/oidc/auth?${query}`,
      headers: { host: HOST },
    });
    expect(r.statusCode, r.body.slice(0, 900)).toBe(303);
    expect(r.headers.location).toContain('error=invalid_request');
  });
});

describe('SMART Backend Services: client_credentials with private_key_jwt', () => {
  it('a registered backend client gets a token that works', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'lab-key-1', alg: 'ES384', use: 'sig' };
    await saveBackendClient(t.opened.driver, {
      clientId: 'lab-system',
      role: 'source',
      jwks: { keys: [jwk] },
      organization: 'R9A',
      scope: 'system/*.cru system/*.rs',
    });
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'lab-key-1', typ: 'JWT' })
      .setIssuer('lab-system')
      .setSubject('lab-system')
      .setAudience(`${ISSUER}/token`)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const token = await tokenRequest({
      grant_type: 'client_credentials',
      scope: 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(token.body.scope).toBe('system/*.rs');
    const principal = await t.signIn.authenticator.authenticate({
      authorization: `Bearer ${token.body.access_token}`,
    });
    expect(principal).toMatchObject({ role: 'source', organization: 'R9A', clientId: 'lab-system' });
    const search = await t.injectWithoutToken({
      method: 'GET',
      url: '/fhir/Patient?_count=1',
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(search.statusCode).toBe(200);

    // The same assertion cannot be replayed, and scopes beyond the registration are not granted.
    const replay = await tokenRequest({
      grant_type: 'client_credentials',
      scope: 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(replay.status).toBe(401);
  });

  it('an unregistered client is refused', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('nobody')
      .setSubject('nobody')
      .setAudience(`${ISSUER}/token`)
      .setJti(randomUUID())
      .setExpirationTime('5m')
      .sign(privateKey);
    const r = await tokenRequest({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(r.status).toBe(401);
  });
});

describe('heartwood admin token', () => {
  it('prints only a token, and the token works as a bearer token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heartwood-key-'));
    try {
      const keyFile = join(dir, 'signing-key.json');
      await writeFile(keyFile, JSON.stringify(TEST_SIGNING_KEY.privateJwk), { mode: 0o600 });
      let out = '';
      const io: CliIo = {
        env: {
          HEARTWOOD_SIGNING_KEY_FILE: keyFile,
          HEARTWOOD_PUBLIC_URL: PUBLIC_URL,
          HEARTWOOD_BASE_URL: BASE,
          HEARTWOOD_DATA: dir,
        },
        stdout: (text) => void (out += text),
        stderr: () => undefined,
        interactive: false,
        onSignal: () => () => undefined,
      };
      const code = await adminCommand(
        ['token', '--role', 'gp', '--person', 'Practitioner/gp-1', '--organization', 'org-1', '--ttl', '5m'],
        io,
      );
      expect(code).toBe(0);
      expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const r = await t.injectWithoutToken({
        method: 'GET',
        url: '/fhir/Patient?_count=1',
        headers: { authorization: `Bearer ${out.trim()}` },
      });
      expect(r.statusCode).toBe(200);
      const principal = await t.signIn.authenticator.authenticate({ authorization: `Bearer ${out.trim()}` });
      expect(principal).toMatchObject({ role: 'gp', person: 'Practitioner/gp-1', organization: 'org-1' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('hardening', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ rateLimitPerMinute: 3, corsOrigins: ['https://app.example'] });
  });
  afterAll(() => limited.close());

  it('limits requests per client: the fourth in a minute gets 429 throttled; another client is unaffected', async () => {
    const a = await bearer({ role: 'gp', person: 'Practitioner/a', organization: 'o' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await limited.app.inject({
        method: 'GET',
        url: '/fhir/Patient?_count=1',
        headers: { authorization: a },
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(r.json().issue[0]).toMatchObject({
          code: 'throttled',
          details: { coding: [{ code: 'HW-AUTH-008' }] },
        });
        expect(r.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const b = await bearer({ role: 'gp', person: 'Practitioner/b', organization: 'o' });
    const other = await limited.app.inject({
      method: 'GET',
      url: '/fhir/Patient?_count=1',
      headers: { authorization: b },
    });
    expect(other.statusCode).toBe(200);
  });

  it('CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      limited.injectWithoutToken({
        method: 'OPTIONS',
        url: '/fhir/Patient',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://app.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    // The default app (no origins configured) sends no CORS headers at all.
    const none = await t.injectWithoutToken({
      method: 'GET',
      url: '/fhir/metadata',
      headers: { origin: 'https://app.example' },
    });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });
});
