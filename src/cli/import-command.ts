import { loadConfig } from '../config.js';
import { importFiles, ImportInputError, listInputFiles } from '../ingest/index.js';
import { createHeartwood } from '../main.js';
import type { CliIo } from './cli-io.js';
import { importSummaryText } from './import-summary-text.js';
import { intOption, parseOptions } from './parse-options.js';
import { createProgressDisplay } from './progress-display.js';
import { UsageError } from './usage-error.js';

export const IMPORT_HELP = `Usage: heartwood import PATH... [--concurrency N] [--keep-ids | --server-ids] [--batch-size N]

Loads FHIR R4 data into the store through the FHIR API's own processing (validation, transactions,
reference resolution), exactly as if it had been sent over HTTP.

PATH may be a file or a directory (read recursively). Files read:
  *.json            one resource, or a Bundle
  *.ndjson, *.jsonl one resource or Bundle per line
  any of these with .gz, decompressed as it is read
Transaction and batch Bundles are sent as they are; other Bundles as one transaction of their
resources; stand-alone resources in batches.

Options:
  --concurrency N   Bundles in flight at once (default 4)
  --keep-ids        (default) write resources under their source ids: a POST of a resource that has an
                    id becomes a PUT, so importing the same data again creates nothing new
  --server-ids      let the server assign new ids (POST stays POST)
  --batch-size N    stand-alone resources per batch (default 500)
  -h, --help        show this help

Uses the same database as "heartwood serve" (HEARTWOOD_DATA or DATABASE_URL). Stop a server that
uses the embedded database before importing into it. Exit code 1 if anything failed.
`;

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'import',
    args,
    {
      concurrency: { type: 'string' },
      'keep-ids': { type: 'boolean' },
      'server-ids': { type: 'boolean' },
      'batch-size': { type: 'string' },
    },
    true,
  );
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('give at least one file or directory to import.', 'import');
  if (values['keep-ids'] && values['server-ids']) {
    throw new UsageError('--keep-ids and --server-ids cannot be used together.', 'import');
  }
  const concurrency = intOption('import', 'concurrency', values.concurrency, 1, 256) ?? 4;
  const batchSize = intOption('import', 'batch-size', values['batch-size'], 1, 10_000) ?? 500;

  // Check the paths before opening the database, so a typo fails at once.
  try {
    await listInputFiles(positionals);
  } catch (e) {
    if (e instanceof ImportInputError) throw new UsageError(e.message, 'import');
    throw e;
  }

  const heartwood = await createHeartwood(loadConfig(io.env, { demo: false }), { logger: false });
  const display = createProgressDisplay({ write: io.stderr, interactive: io.interactive });
  // Ctrl-C stops taking new Bundles and lets those in flight finish, so the store is left consistent.
  const abort = new AbortController();
  const unlisten = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
    if (abort.signal.aborted) process.exit(130);
    io.stderr(`\nheartwood: ${signal} received: finishing the bundles in flight, then stopping.\n`);
    abort.abort();
  });
  try {
    const summary = await importFiles({
      service: heartwood.service,
      paths: positionals,
      concurrency,
      batchSize,
      ids: values['server-ids'] ? 'server' : 'keep',
      onProgress: (p) => display.update(p),
      signal: abort.signal,
    });
    display.finish();
    io.stdout(importSummaryText(summary));
    return summary.failureCount > 0 || summary.aborted ? 1 : 0;
  } finally {
    unlisten();
    display.finish();
    await heartwood.close();
  }
}
