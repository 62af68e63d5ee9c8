import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDriver } from './pg-driver.js';
import { BY_TEXT } from './sql-driver.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import { scratchDatabase } from './test-database.js';

const server = process.env.TEST_DATABASE_URL;

const prepared = async (tx: SqlExecutor) =>
  (
    await tx.query<{ statement: string }>(
      "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'by-text-%' ORDER BY statement",
    )
  ).rows.map((r) => r.statement);

describe.skipIf(!server)('PostgreSQL driver', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let driver: SqlDriver;
  beforeAll(async () => {
    db = await scratchDatabase(server!, 'driver');
    // One connection, so every statement below is prepared on the session the test looks at.
    driver = await createPgDriver({ connectionString: db.url, max: 1, maxPreparedTexts: 2 });
  });
  afterAll(async () => {
    await driver.close();
    await db.drop();
  });

  it('prepares statements by their text, once each, and no more texts than it is allowed', async () => {
    const texts = ['SELECT $1::int + 1 AS n', 'SELECT $1::int + 2 AS n', 'SELECT $1::int + 3 AS n'];
    for (let round = 0; round < 2; round++) {
      for (const [i, sql] of texts.entries()) {
        const r = await driver.query<{ n: number }>(sql, [round], BY_TEXT);
        expect(r.rows[0]!.n).toBe(round + i + 1);
      }
    }
    await driver.transaction(async (tx) => {
      expect(await prepared(tx)).toEqual(texts.slice(0, 2));
    });
    // Statements without a name stay unprepared.
    await driver.query('SELECT 1 AS plain');
    await driver.transaction(async (tx) => expect(await prepared(tx)).toHaveLength(2));
  });
});
