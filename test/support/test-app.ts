import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/http/index.js';
import { createServiceFor } from '../../src/main.js';
import type { FhirService } from '../../src/rest/index.js';
import { openStore } from '../../src/store/index.js';
import type { OpenedStore } from '../../src/store/index.js';

export interface TestApp {
  app: FastifyInstance;
  service: FhirService;
  opened: OpenedStore;
  close(): Promise<void>;
}

export const BASE = 'http://heartwood.test/fhir';

/**
 * A whole Heartwood (real store, real validator) without opening a port, on a database of its own:
 * in-memory PGlite, or, when TEST_DATABASE_URL names a PostgreSQL server, a fresh database there
 * (dropped on close), so the same black-box suites run against both drivers.
 */
export async function createTestApp(): Promise<TestApp> {
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
  const service = createServiceFor(opened, BASE);
  const app = buildApp({
    service,
    baseUrl: BASE,
    bodyLimitBytes: 2 * 1024 * 1024,
    ping: async () => undefined,
  });
  await app.ready();
  return {
    app,
    service,
    opened,
    async close() {
      await app.close();
      await opened.store.close();
      await dropDatabase();
    },
  };
}
