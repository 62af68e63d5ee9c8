import type { FastifyInstance } from 'fastify';
import { createValidator, loadR4Definitions } from '../../src/fhir/validation/index.js';
import { buildApp } from '../../src/http/index.js';
import { createFhirService } from '../../src/rest/index.js';
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

/** A whole Heartwood (real store on in-memory PGlite, real validator) without opening a port. */
export async function createTestApp(): Promise<TestApp> {
  const opened = await openStore(
    process.env.TEST_DATABASE_URL
      ? { kind: 'pg', connectionString: process.env.TEST_DATABASE_URL }
      : { kind: 'pglite' },
  );
  const service = createFhirService({
    store: opened.store,
    validator: createValidator(loadR4Definitions()),
    indexer: opened.indexer,
    baseUrl: BASE,
  });
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
    },
  };
}
