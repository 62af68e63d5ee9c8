import { loadConfig } from '../config.js';
import { loadPatientCompartment } from '../definitions/index.js';
import { exportToDirectory } from '../operations/index.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

export const EXPORT_HELP = `Usage: heartwood export --out DIR [--type T,...] [--since INSTANT] [--type-filter Q]...
                       [--group ID] [--patient ID]... [--purpose direct-care|research|planning]

Exports current resources as NDJSON, one file per type (DIR/Patient.ndjson, ...), running the same
job as the FHIR Bulk Data $export directly against the store.

Options:
  --out DIR          directory to write into (created if missing; files of the same name are replaced)
  --type T,...       only these resource types
  --since INSTANT    only resources last updated at or after, e.g. 2024-01-01T00:00:00Z
  --type-filter Q    a _typeFilter query, e.g. "Observation?code=http://loinc.org|8867-4"; repeat to OR
  --group ID         the compartments of a Group's active Patient members
  --patient ID       only this patient's compartment (repeat for more)
  --purpose P        research and planning leave out everyone with the national data opt-out;
                     direct-care (the default) does not
  -h, --help         show this help

Uses the same database as "heartwood serve" (HEARTWOOD_DATA or DATABASE_URL). Progress goes to the
standard error, with a summary at the end.
`;

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('export', args, {
    out: { type: 'string' },
    type: { type: 'string', multiple: true },
    since: { type: 'string' },
    'type-filter': { type: 'string', multiple: true },
    group: { type: 'string' },
    patient: { type: 'string', multiple: true },
    purpose: { type: 'string' },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`, 'export');
  if (!values.out) throw new UsageError('--out DIR is required.', 'export');
  const patients = values.patient ?? [];
  const level = values.group !== undefined ? 'group' : patients.length > 0 ? 'patient' : 'system';

  const config = loadConfig(io.env);
  const opened = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  const types = new Set(opened.registry.resourceTypes());
  const cancel = { cancelled: false };
  const stop = io.onSignal(['SIGINT', 'SIGTERM'], () => {
    cancel.cancelled = true;
  });
  try {
    const started = performance.now();
    let lastReport = 0;
    const result = await exportToDirectory(
      {
        driver: opened.driver,
        patientCompartment: loadPatientCompartment(),
        lookup: { param: (t, c) => opened.registry.param(t, c), isResourceType: (t) => types.has(t) },
      },
      {
        level,
        ...(values.type ? { types: values.type.flatMap((t) => t.split(',')) } : {}),
        ...(values.since !== undefined ? { since: values.since } : {}),
        ...(values.group !== undefined ? { group: values.group } : {}),
        ...(patients.length > 0 ? { patients } : {}),
        typeFilters: values['type-filter'] ?? [],
        ...(values.purpose !== undefined ? { purpose: values.purpose } : {}),
        role: 'system',
      },
      values.out,
      (type, exported) => {
        const now = performance.now();
        if (!io.interactive && now - lastReport < 10_000) return;
        lastReport = now;
        const rate = exported / Math.max((now - started) / 1000, 0.001);
        const line = `export: ${exported.toLocaleString('en-GB')} resources (${type}), ${Math.round(rate).toLocaleString('en-GB')}/s`;
        io.stderr(io.interactive ? `\r${line}\x1b[K` : `${line}\n`);
      },
      cancel,
    );
    const seconds = (performance.now() - started) / 1000;
    if (io.interactive) io.stderr('\r\x1b[K');
    const perType = new Map<string, number>();
    for (const f of result.files) perType.set(f.type, (perType.get(f.type) ?? 0) + f.count);
    const lines = [...perType].map(([t, n]) => `  ${t.padEnd(32)} ${n.toLocaleString('en-GB').padStart(12)}`);
    io.stderr(
      `${cancel.cancelled ? 'export: stopped early; the files hold what was written so far.\n' : ''}` +
        `export: ${result.exported.toLocaleString('en-GB')} resources of ${perType.size} types in ${seconds.toFixed(1)} s` +
        ` (${Math.round(result.exported / Math.max(seconds, 0.001)).toLocaleString('en-GB')}/s) into ${values.out}` +
        `${result.request.secondaryUse ? ', national data opt-outs left out' : ''}\n` +
        (lines.length > 0 ? `${lines.join('\n')}\n` : ''),
    );
    return cancel.cancelled ? 1 : 0;
  } finally {
    stop();
    await opened.driver.close();
  }
}
