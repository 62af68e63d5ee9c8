import type { SqlDriver } from './sql-driver.js';
import type { Migration } from './migrations/index.js';

// Any constant shared by every Heartwood process: concurrent starts take turns applying migrations.
const MIGRATION_LOCK = 7_283_561;

/** Applies the pending migrations, each in its own transaction; returns the versions applied. */
export async function migrate(driver: SqlDriver, migrations: Migration[]): Promise<number[]> {
  await driver.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await driver.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const r = await tx.query('SELECT 1 FROM schema_migration WHERE version = $1', [m.version]);
      if (r.rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/**
 * Splits a migration into statements on a `;` that ends a line. Plain DDL has no quoted semicolons;
 * function bodies do, so a dollar-quoted body (`$$ … $$` or `$tag$ … $tag$`) is kept whole.
 */
export function splitStatements(sql: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? sql.length : end + tag.length;
        continue;
      }
    } else if (ch === ';') {
      const after = /^;[ \t\r]*\n/.exec(sql.slice(i, i + 256));
      if (after) {
        pieces.push(sql.slice(start, i));
        i += after[0].length;
        start = i;
        continue;
      }
    }
    i++;
  }
  pieces.push(sql.slice(start));
  return pieces.map((s) => s.replace(/--[^\n]*\n/g, '\n').trim()).filter((s) => s.length > 0);
}
