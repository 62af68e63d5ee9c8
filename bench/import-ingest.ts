import { loadConfig } from '../src/config.js';
import { importFiles } from '../src/ingest/index.js';
import type { ImportProgress, ImportSummary, InputFile } from '../src/ingest/index.js';
import { createHeartwood } from '../src/main.js';

/**
 * The `heartwood import` path in this process: the same FHIR service as the server, without HTTP.
 * Opening the store and compiling the validator are not part of the measurement.
 */
export async function importIngest(
  dbEnv: { HEARTWOOD_DATA?: string; DATABASE_URL?: string },
  files: InputFile[],
  concurrency: number,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportSummary> {
  const heartwood = await createHeartwood(loadConfig({ ...dbEnv }, { demo: false }), { logger: false });
  try {
    return await importFiles({
      service: heartwood.service,
      paths: files.map((f) => f.path),
      concurrency,
      ids: 'keep',
      onProgress,
    });
  } finally {
    await heartwood.close();
  }
}
