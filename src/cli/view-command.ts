import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { loadPatientCompartment } from '../definitions/index.js';
import { materialiseView, refreshMaterialisedView, runViewOverStore } from '../operations/index.js';
import { openStore } from '../store/index.js';
import type { SqlExecutor } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

export const VIEW_HELP = `Usage: heartwood view run VIEW.json [--format csv|json|ndjson] [--out FILE] [--limit N]
                         [--patient ID] [--no-header]
       heartwood view materialise VIEW.json [--name NAME] [--direct-care]
       heartwood view refresh NAME

Runs a SQL-on-FHIR v2 ViewDefinition over the store, as ViewDefinition/$run does: compiled to one SQL
query where it can be, otherwise evaluated in memory page by page. Writes the rows to FILE, or to the
standard output. Prints which engine ran and how long it took on the standard error.

materialise stores the view's rows as the table analytics.NAME (NAME defaults to the view's name) and
registers it in analytics_view; people with the national data opt-out are left out unless
--direct-care is given. refresh rebuilds a materialised view from its registered definition. Both
build the new table aside and swap it in within one transaction.
`;

const FORMATS = new Set(['csv', 'json', 'ndjson']);

export async function viewCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(VIEW_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'materialise' || sub === 'materialize' || sub === 'refresh')
    return materialiseCommand(sub, rest, io);
  if (sub !== 'run')
    throw new UsageError(`unknown view command "${sub}" (expected run, materialise or refresh).`, 'view');
  const { values, positionals } = parseOptions(
    'view',
    rest,
    {
      format: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      patient: { type: 'string' },
      'no-header': { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    io.stdout(VIEW_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one ViewDefinition file.', 'view');
  const format = values.format ?? 'csv';
  if (!FORMATS.has(format))
    throw new UsageError(`--format must be csv, json or ndjson, not "${format}".`, 'view');
  const limit = intOption('view', 'limit', values.limit, 1, 1_000_000_000);
  let view: unknown;
  try {
    view = JSON.parse(await readFile(positionals[0]!, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not valid JSON';
    throw new UsageError(`cannot read the view ${positionals[0]}: ${reason}.`, 'view');
  }
  const config = loadConfig(io.env);
  const { driver } = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  try {
    const started = performance.now();
    const result = await runViewOverStore(
      { driver, patientCompartment: loadPatientCompartment() },
      {
        view,
        format: format as 'csv' | 'json' | 'ndjson',
        header: !values['no-header'],
        ...(limit !== undefined ? { limit } : {}),
        ...(values.patient !== undefined ? { patient: values.patient } : {}),
      },
    );
    if (values.out) await writeFile(values.out, result.body);
    else io.stdout(result.body);
    const seconds = (performance.now() - started) / 1000;
    io.stderr(
      `view: ran on the ${result.engine === 'sql' ? 'SQL' : 'in-memory'} engine in ${seconds.toFixed(2)} s\n`,
    );
    return 0;
  } finally {
    await driver.close();
  }
}

async function materialiseCommand(sub: string, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'view',
    args,
    { name: { type: 'string' }, 'direct-care': { type: 'boolean' } },
    true,
  );
  if (values.help) {
    io.stdout(VIEW_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      sub === 'refresh' ? 'give the name of one materialised view.' : 'give exactly one ViewDefinition file.',
      'view',
    );
  }
  let view: unknown;
  if (sub !== 'refresh') {
    try {
      view = JSON.parse(await readFile(positionals[0]!, 'utf8'));
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not valid JSON';
      throw new UsageError(`cannot read the view ${positionals[0]}: ${reason}.`, 'view');
    }
  }
  const config = loadConfig(io.env);
  const { driver } = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  try {
    const inTransaction = <T>(fn: (exec: SqlExecutor) => Promise<T>) => driver.transaction(fn);
    const result =
      sub === 'refresh'
        ? await refreshMaterialisedView(inTransaction, driver, positionals[0]!)
        : await materialiseView(inTransaction, view, {
            ...(values.name !== undefined ? { name: values.name } : {}),
            secondaryUse: !values['direct-care'],
          });
    const seconds = result.milliseconds / 1000;
    io.stderr(
      `view: ${result.table} holds ${result.rowCount.toLocaleString('en-GB')} rows, built in ${seconds.toFixed(2)} s ` +
        `(${Math.round(result.rowCount / Math.max(seconds, 0.001)).toLocaleString('en-GB')} rows/s)` +
        `${result.secondaryUse ? ', national data opt-outs left out' : ''}\n`,
    );
    return 0;
  } finally {
    await driver.close();
  }
}
