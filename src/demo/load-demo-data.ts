import type { FhirService } from '../rest/index.js';
import { generateDemoData } from './generate-demo-data.js';
import type { DemoData } from './generate-demo-data.js';

export interface DemoLoadResult {
  /** False when the store already held patients, so nothing was sent. */
  loaded: boolean;
  bundles: number;
  resources: number;
}

export interface DemoLoadDeps {
  service: Pick<FhirService, 'handle'>;
}

/**
 * Loads the demo population through the FHIR service (so it is validated and written exactly as a
 * client's transaction would be), but only into a store without patients: demo data must never mix
 * into a real record. Loading twice is harmless anyway, as every entry is a PUT with a fixed id.
 */
export async function loadDemoData(
  deps: DemoLoadDeps,
  data: DemoData = generateDemoData(),
): Promise<DemoLoadResult> {
  const existing = await deps.service.handle({ method: 'GET', url: 'Patient?_count=1' });
  const page = JSON.parse(existing.body ?? '{}') as { entry?: unknown[] };
  if ((page.entry?.length ?? 0) > 0) return { loaded: false, bundles: 0, resources: 0 };
  let resources = 0;
  for (const bundle of data.bundles) {
    await deps.service.handle({ method: 'POST', url: '', body: bundle, prefer: { return: 'minimal' } });
    resources += bundle.entry?.length ?? 0;
  }
  return { loaded: true, bundles: data.bundles.length, resources };
}
