import { createServiceFor } from '../../main.js';
import type { FhirService } from '../../rest/index.js';
import { openStore } from '../../store/index.js';
import type { OpenedStore } from '../../store/index.js';

export interface TestStore {
  opened: OpenedStore;
  service: FhirService;
}

/** A real in-memory store and FHIR service, built the way the server builds them. */
export async function openTestStore(): Promise<TestStore> {
  const opened = await openStore({ kind: 'pglite' });
  return { opened, service: createServiceFor(opened, 'http://test/fhir') };
}

/** Reads resources back through the service, as a search Bundle's resources. */
export async function search(service: FhirService, query: string): Promise<Record<string, unknown>[]> {
  const r = await service.handle({ method: 'GET', url: query });
  const bundle = JSON.parse(r.body ?? '{}') as { entry?: { resource: Record<string, unknown> }[] };
  return (bundle.entry ?? []).map((e) => e.resource);
}
