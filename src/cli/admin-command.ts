import { loadConfig } from '../config.js';
import type { HeartwoodConfig } from '../config.js';
import { drainTextIndex, openStore, reindexAll } from '../store/index.js';
import type { SqlDriver, StoreLocation } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { table } from './text-format.js';
import { UsageError } from './usage-error.js';
import { clientCommand, tokenCommand } from './auth-commands.js';
import { sourceCommand } from './source-command.js';
import { linkPatientsCommand, trainLinkageCommand } from './linkage-commands.js';

export const ADMIN_HELP = `Usage: heartwood admin <migrate | stats | reindex | train-linkage | link-patients> [options]

  migrate        apply pending database migrations and print the schema versions
  stats [--json] count current resources per type, deleted ones and all versions kept
  reindex        rebuild every search index row (and full-text vectors) from the current versions,
                 after the search definitions change; safe while the server runs on PostgreSQL
  token          print a short-lived API bearer token signed with the server key (--role R, --help)
  client         register, list or remove backend service clients (add | list | remove, --help)
  source         register or list source systems that push records (add | list, --help)
  train-linkage  fit the patient linkage model to the stored Patients and store it (--max-records N)
  link-patients  link the Patients written since the linker last ran (after a bulk load)

Uses the same database as "heartwood serve" (HEARTWOOD_DATA or DATABASE_URL).
`;

/** The store the server would open for this configuration. */
function locationOf(config: HeartwoodConfig, poolSize = 2): StoreLocation {
  return config.databaseUrl
    ? { kind: 'pg', connectionString: config.databaseUrl, poolSize }
    : { kind: 'pglite', dataDir: config.dataDir };
}

export async function adminCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(ADMIN_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'migrate') return migrateCommand(rest, io);
  if (sub === 'stats') return statsCommand(rest, io);
  if (sub === 'reindex') return reindexCommand(rest, io);
  if (sub === 'token') return tokenCommand(rest, io);
  if (sub === 'client') return clientCommand(rest, io);
  if (sub === 'source') return sourceCommand(rest, io);
  if (sub === 'train-linkage') return trainLinkageCommand(rest, io);
  if (sub === 'link-patients') return linkPatientsCommand(rest, io);
  throw new UsageError(
    `unknown admin command "${sub}" (expected migrate, stats, reindex, train-linkage or link-patients).`,
    'admin',
  );
}

async function migrateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin', args, {});
  if (values.help) {
    io.stdout(ADMIN_HELP);
    return 0;
  }
  // Opening the store applies what is pending. Migrations record when they ran; those recorded after
  // this process's database session began are this run's. (One pooled connection, so the session
  // asked is the one that migrated.)
  const { driver } = await openStore(locationOf(loadConfig(io.env), 1));
  try {
    const sessionStart =
      driver.kind === 'pglite'
        ? 'pg_postmaster_start_time()'
        : '(SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())';
    const r = await driver.query<{ version: number; name: string; applied_at: string; fresh: boolean }>(
      `SELECT version, name, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS applied_at,
              applied_at >= ${sessionStart} AS fresh
       FROM schema_migration ORDER BY version`,
    );
    const fresh = r.rows.filter((m) => m.fresh);
    io.stdout(
      fresh.length > 0
        ? `Applied ${fresh.length} migration${fresh.length === 1 ? '' : 's'}: ${fresh.map((m) => `${m.version} (${m.name})`).join(', ')}.\n`
        : 'Nothing to apply: the schema is up to date.\n',
    );
    io.stdout(
      table(
        ['version', 'name', 'applied (UTC)'],
        r.rows.map((m) => [String(m.version), m.name, m.applied_at]),
      ),
    );
    return 0;
  } finally {
    await driver.close();
  }
}

interface TypeStats {
  resourceType: string;
  current: number;
  deleted: number;
  versions: number;
}

export async function collectStats(driver: SqlDriver): Promise<TypeStats[]> {
  const r = await driver.query<{ resource_type: string; current: string; deleted: string; versions: string }>(
    `SELECT c.resource_type,
            c.current, c.deleted, c.current + c.deleted + coalesce(h.n, 0) AS versions
     FROM (SELECT resource_type, count(*) FILTER (WHERE NOT deleted) AS current, count(*) FILTER (WHERE deleted) AS deleted
           FROM resource GROUP BY resource_type) c
     LEFT JOIN (SELECT resource_type, count(*) AS n FROM resource_history GROUP BY resource_type) h
       ON h.resource_type = c.resource_type
     ORDER BY c.resource_type`,
  );
  return r.rows.map((row) => ({
    resourceType: row.resource_type,
    current: Number(row.current),
    deleted: Number(row.deleted),
    versions: Number(row.versions),
  }));
}

async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin', args, { json: { type: 'boolean' } });
  if (values.help) {
    io.stdout(ADMIN_HELP);
    return 0;
  }
  const { driver } = await openStore(locationOf(loadConfig(io.env)));
  try {
    const stats = await collectStats(driver);
    const total = stats.reduce(
      (t, s) => ({
        current: t.current + s.current,
        deleted: t.deleted + s.deleted,
        versions: t.versions + s.versions,
      }),
      { current: 0, deleted: 0, versions: 0 },
    );
    if (values.json) {
      io.stdout(JSON.stringify({ types: stats, total }, null, 2) + '\n');
      return 0;
    }
    if (stats.length === 0) {
      io.stdout('The store is empty.\n');
      return 0;
    }
    io.stdout(
      table(
        ['resource type', 'current', 'deleted', 'versions'],
        [
          ...stats.map((s) => [s.resourceType, s.current, s.deleted, s.versions]),
          ['total', total.current, total.deleted, total.versions],
        ],
      ),
    );
    return 0;
  } finally {
    await driver.close();
  }
}

async function reindexCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin', args, {});
  if (values.help) {
    io.stdout(ADMIN_HELP);
    return 0;
  }
  const { driver, indexer } = await openStore(locationOf(loadConfig(io.env)));
  try {
    const started = performance.now();
    let lastReport = started;
    const result = await reindexAll(driver, indexer, {
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastReport < 2000) return;
        lastReport = now;
        io.stderr(
          `reindex: ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} resources\n`,
        );
      },
    });
    const text = await drainTextIndex(driver, indexer);
    const seconds = (performance.now() - started) / 1000;
    io.stdout(
      `Reindexed ${result.done.toLocaleString('en-GB')} resources (${text.toLocaleString('en-GB')} full-text) in ${seconds.toFixed(1)} s.\n`,
    );
    return 0;
  } finally {
    await driver.close();
  }
}
