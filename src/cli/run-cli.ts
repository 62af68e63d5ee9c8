import { isFhirError } from '../fhir/index.js';
import { adminCommand, ADMIN_HELP } from './admin-command.js';
import { demoCommand, DEMO_HELP } from './demo-command.js';
import { auditCommand, AUDIT_HELP } from './audit-command.js';
import type { CliIo } from './cli-io.js';
import { hl7Command, HL7_HELP } from './hl7-command.js';
import { importCommand, IMPORT_HELP } from './import-command.js';
import { serveCommand, SERVE_HELP } from './serve-command.js';
import { viewCommand, VIEW_HELP } from './view-command.js';
import { exportCommand, EXPORT_HELP } from './export-command.js';
import { UsageError } from './usage-error.js';

export const MAIN_HELP = `Usage: heartwood <command> [options]

Heartwood: a FHIR R4 server for a single patient record.

Commands:
  serve [--demo] [--port N]           run the server (FHIR API under /fhir)
  import PATH... [--concurrency N]    load FHIR JSON / NDJSON files (optionally .gz) through the API
  admin migrate                       apply database migrations
  admin stats                         count resources and versions per type
  admin reindex                       rebuild the search indexes from the current versions
  admin train-linkage                 fit the patient linkage model to the stored Patients
  admin link-patients                 link the Patients written since the linker last ran
  demo generate --people N --out DIR  write a synthetic multi-source population as NDJSON
  hl7 import PATH...                  process HL7 v2 message files (serve --mllp-port N listens)
  view run VIEW.json [--format F]     run a SQL-on-FHIR ViewDefinition over the store (CSV, JSON, NDJSON)
  audit verify | search               check the audit chain; list who accessed what (--patient ID)
  export --out DIR [--type T,...]     write current resources as NDJSON files (Bulk Data $export job)
  help [command]                      show help for a command

Run "heartwood <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIo) => Promise<number>; help: string }> = {
  serve: { run: serveCommand, help: SERVE_HELP },
  import: { run: importCommand, help: IMPORT_HELP },
  admin: { run: adminCommand, help: ADMIN_HELP },
  demo: { run: demoCommand, help: DEMO_HELP },
  hl7: { run: hl7Command, help: HL7_HELP },
  view: { run: viewCommand, help: VIEW_HELP },
  audit: { run: auditCommand, help: AUDIT_HELP },
  export: { run: exportCommand, help: EXPORT_HELP },
};

/**
 * Runs one command and returns the process exit code: 0 success, 1 failure, 2 wrong usage.
 * Errors are reported as one plain line; stack traces only with HEARTWOOD_DEBUG=1.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    const topic = args[0] !== undefined ? COMMANDS[args[0]] : undefined;
    io.stdout(topic?.help ?? MAIN_HELP);
    return args[0] === undefined || topic ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}".`);
    return await command.run(args, io);
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    const help = e.command ? `heartwood ${e.command} --help` : 'heartwood --help';
    io.stderr(`heartwood: ${e.message}\nRun "${help}" for usage.\n`);
    return 2;
  }
  io.stderr(`heartwood: ${describe(e)}\n`);
  if (io.env.HEARTWOOD_DEBUG === '1' && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return 1;
}

function describe(e: unknown): string {
  if (isFhirError(e)) return e.message;
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (err?.code) {
    case 'EADDRINUSE':
      return `port ${err.port ?? ''} is already in use: stop what uses it, or choose another with --port or PORT.`;
    case 'EACCES':
      return `permission denied: ${err.message}`;
    case 'ECONNREFUSED':
      return `cannot connect to the database (${err.address ?? ''}${err.port ? `:${err.port}` : ''}): is it running, and is DATABASE_URL right?`;
    default:
      return err instanceof Error ? err.message : String(e);
  }
}
