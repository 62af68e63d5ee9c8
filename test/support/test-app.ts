import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createAuditLog } from '../../src/audit/index.js';
import { setUpSignIn } from '../../src/auth/index.js';
import { auditSignIns } from '../../src/policy/index.js';
import type { SignIn } from '../../src/auth/index.js';
import { demoAccounts } from '../../src/demo/index.js';
import { buildApp } from '../../src/http/index.js';
import { createServiceFor } from '../../src/main.js';
import type { FhirService } from '../../src/rest/index.js';
import { openStore } from '../../src/store/index.js';
import type { OpenedStore } from '../../src/store/index.js';
import { BASE, ISSUER, PUBLIC_URL, TEST_SIGNING_KEY, tokenFor } from './tokens.js';

export { BASE, ISSUER, PUBLIC_URL, bearer, tokenFor } from './tokens.js';
export type { TokenRequest } from './tokens.js';

export interface TestApp {
  app: FastifyInstance;
  service: FhirService;
  opened: OpenedStore;
  signIn: SignIn;
  /** `app.inject` as it really is: no token added (for tests about authentication). */
  injectWithoutToken: FastifyInstance['inject'];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Demo mode: the sign-in page offers the demo accounts. */
  demo?: boolean;
  /** Requests per minute per client (off by default). */
  rateLimitPerMinute?: number;
  corsOrigins?: string[];
}

/**
 * A whole Heartwood (real store, real validator) without opening a port, on a database of its own:
 * in-memory PGlite, or, when TEST_DATABASE_URL names a PostgreSQL server, a fresh database there
 * (dropped on close), so the same black-box suites run against both drivers.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const server = process.env.TEST_DATABASE_URL;
  let dropDatabase = async () => undefined as void;
  let opened: OpenedStore;
  if (server) {
    const name = `hw_test_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    opened = await openStore({ kind: 'pg', connectionString: url.toString(), poolSize: 5 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    opened = await openStore({ kind: 'pglite' });
  }
  const audit = createAuditLog({ driver: opened.driver });
  const service = createServiceFor(opened, BASE, { audit });
  const signIn = await setUpSignIn({
    issuer: ISSUER,
    audience: BASE,
    dataDir: '',
    key: TEST_SIGNING_KEY,
    db: opened.driver,
    accounts: options.demo ? demoAccounts() : [],
    webRedirectUris: [`${PUBLIC_URL}/signed-in`],
  });
  auditSignIns(signIn.provider, audit, signIn.accounts);
  const app = buildApp({
    service,
    baseUrl: BASE,
    bodyLimitBytes: 2 * 1024 * 1024,
    ping: async () => undefined,
    auth: signIn.authenticator,
    signIn: {
      issuer: ISSUER,
      publicKeys: [TEST_SIGNING_KEY.publicJwk],
      provider: signIn.provider,
      accounts: signIn.accounts,
      demo: options.demo ?? false,
    },
    rateLimitPerMinute: options.rateLimitPerMinute,
    corsOrigins: options.corsOrigins,
  });
  await app.ready();
  // Authentication is on, as in production. So that suites not about access stay readable, a request
  // without an Authorization header is sent with a `system` token; tests about authentication use
  // injectWithoutToken, or set their own header.
  const injectWithoutToken = app.inject.bind(app) as FastifyInstance['inject'];
  const systemToken = `Bearer ${await tokenFor({ role: 'system', name: 'Test suite' })}`;
  const withToken = (opts: unknown) => {
    if (opts === undefined || typeof opts === 'string')
      return (injectWithoutToken as (o?: unknown) => unknown)(opts);
    const o = opts as { headers?: Record<string, unknown> };
    const has = Object.keys(o.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
    return (injectWithoutToken as (o: unknown) => unknown)(
      has ? o : { ...o, headers: { ...o.headers, authorization: systemToken } },
    );
  };
  (app as unknown as { inject: unknown }).inject = withToken;
  return {
    app,
    service,
    opened,
    signIn,
    injectWithoutToken,
    async close() {
      await app.close();
      await opened.store.close();
      await dropDatabase();
    },
  };
}
