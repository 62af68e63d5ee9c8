import { mkdirSync } from 'node:fs';
import { loadPatientCompartment, loadSearchParameters } from '../definitions/index.js';
import { createExtractor, createSearchRegistry } from '../fhir/search/index.js';
import type { SearchRegistry } from '../fhir/search/index.js';
import { loadR4Definitions } from '../fhir/validation/index.js';
import type { Indexer } from './indexer.js';
import { migrate } from './migrator.js';
import { migrations } from './migrations/index.js';
import { createPatientKey } from './patient-key.js';
import { createPgDriver } from './pg-driver.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createPostgresResourceStore } from './postgres-resource-store.js';
import type { ResourceStore } from './resource-store.js';
import type { SqlDriver } from './sql-driver.js';

export type StoreLocation =
  { kind: 'pglite'; dataDir?: string } | { kind: 'pg'; connectionString: string; poolSize?: number };

export interface OpenedStore {
  store: ResourceStore;
  driver: SqlDriver;
  indexer: Indexer;
  /** The search parameters the indexer fills, by resource type. */
  registry: SearchRegistry;
}

/** Opens a driver, applies pending migrations and returns the store over it. */
export async function openStore(location: StoreLocation): Promise<OpenedStore> {
  let driver: SqlDriver;
  if (location.kind === 'pg') {
    driver = await createPgDriver({ connectionString: location.connectionString, max: location.poolSize });
  } else {
    if (location.dataDir) mkdirSync(location.dataDir, { recursive: true });
    driver = await createPgliteDriver(location.dataDir);
  }
  await migrate(driver, migrations);
  const model = loadR4Definitions();
  const registry = createSearchRegistry(loadSearchParameters(), model);
  const indexer = createExtractor(registry, model);
  const store = createPostgresResourceStore({
    driver,
    indexer,
    patientKey: createPatientKey(loadPatientCompartment()),
  });
  return { store, driver, indexer, registry };
}
