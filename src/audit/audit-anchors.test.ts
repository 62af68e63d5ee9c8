import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../store/index.js';
import { readAnchors, startAnchorWriter } from './audit-anchors.js';
import { createAuditLog } from './audit-log.js';
import type { AuditLog } from './audit-log.js';
import { describeProblem } from './audit-verify.js';
import { auditTestDatabase, readOf } from './test-audit-support.js';

let db: { driver: SqlDriver; close(): Promise<void> };
let audit: AuditLog;
let dir: string;

beforeEach(async () => {
  db = await auditTestDatabase();
  audit = createAuditLog({ driver: db.driver });
  dir = await mkdtemp(join(tmpdir(), 'heartwood-anchors-'));
});
afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('audit anchors', () => {
  it('copies the head out when it moves, and finds a rewrite of the whole tail that the chain alone cannot', async () => {
    const file = join(dir, 'anchors.log');
    const writer = startAnchorWriter({ exec: db.driver, file, intervalMs: 3_600_000 });
    await audit.record(Array.from({ length: 5 }, (_, i) => readOf('p1', i)));
    await audit.record(Array.from({ length: 5 }, (_, i) => readOf('p1', 5 + i)));
    await writer.stop();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^5:10 [0-9a-f]{64} \d{4}-/);
    const anchors = await readAnchors(file);

    // Someone who owns the database removes records 6 to 10 (the second block) and writes a
    // consistent new tail and head.
    await db.driver.query('ALTER TABLE audit_block DISABLE TRIGGER USER');
    await db.driver.query('ALTER TABLE audit_block_key DISABLE TRIGGER USER');
    // The forged records draw a new block id (3) but take the places 5:6–5:10 again.
    await db.driver.query('DELETE FROM audit_block_key WHERE seq = 2');
    await db.driver.query('DELETE FROM audit_block WHERE seq = 2');
    await db.driver.query(
      `UPDATE audit_head SET pos = 5, hash = (SELECT records::jsonb -> -1 ->> -1 FROM audit_block WHERE seq = 1) WHERE id = 5`,
    );
    await db.driver.query('ALTER TABLE audit_block ENABLE TRIGGER USER');
    await db.driver.query('ALTER TABLE audit_block_key ENABLE TRIGGER USER');
    const forged = createAuditLog({ driver: db.driver });
    await forged.record(Array.from({ length: 5 }, (_, i) => readOf('p2', 100 + i)));

    expect((await audit.verify()).ok).toBe(true);
    const report = await audit.verify({ anchors });
    expect(report.problems.map(describeProblem)).toEqual([
      'record 3-4 (at 5:10) differs from the anchor kept outside the database: the chain was rewritten from there or before',
    ]);
  });

  it('names a tail removed beyond the last anchor, and refuses a damaged anchor file', async () => {
    await audit.record(Array.from({ length: 4 }, (_, i) => readOf('p1', i)));
    const anchors = new Map([['5:7', 'a'.repeat(64)]]);
    expect((await audit.verify({ anchors })).problems.map(describeProblem)).toEqual([
      'chain 5: the records at positions 5–7 are missing',
    ]);
    const bad = join(dir, 'bad.log');
    await writeFile(bad, '12 nothex\n');
    // Anchors written when there was one chain are on chain 1.
    const old = join(dir, 'old.log');
    await writeFile(old, `12 ${'c'.repeat(64)} 2026-01-01T00:00:00.000Z\n5:3 ${'d'.repeat(64)}\n`);
    expect(await readAnchors(old)).toEqual(
      new Map([
        ['1:12', 'c'.repeat(64)],
        ['5:3', 'd'.repeat(64)],
      ]),
    );
    await expect(readAnchors(bad)).rejects.toThrow(/line 1/);
  });
});
