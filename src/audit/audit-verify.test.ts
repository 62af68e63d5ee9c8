import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../store/index.js';
import { chainHash } from './audit-chain.js';
import { createAuditLog } from './audit-log.js';
import type { AuditLog } from './audit-log.js';
import type { AuditRecord } from './audit-record.js';
import { auditTestDatabase, readOf } from './test-audit-support.js';
import { describeProblem } from './audit-verify.js';

let db: { driver: SqlDriver; close(): Promise<void> };
let audit: AuditLog;

// Tampering as someone with database access would: as the owner, with the append-only triggers off.
async function tamper(...statements: string[]): Promise<void> {
  await db.driver.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
  for (const sql of statements) await db.driver.query(sql);
  await db.driver.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
}

const problems = async () => (await audit.verify()).problems.map(describeProblem);

beforeEach(async () => {
  db = await auditTestDatabase();
  audit = createAuditLog({ driver: db.driver });
  // 20 records in three write transactions: a row each, on the first write chain.
  const inTransaction = (records: AuditRecord[]) =>
    db.driver.transaction((tx) => audit.appendIn(tx, records));
  await inTransaction(Array.from({ length: 8 }, (_, i) => readOf(`p${i % 3}`, i)));
  await inTransaction(Array.from({ length: 7 }, (_, i) => readOf(`p${i % 3}`, 8 + i)));
  await inTransaction(Array.from({ length: 5 }, (_, i) => readOf(`p${i % 3}`, 15 + i)));
});
afterEach(async () => {
  await db.close();
});

describe('audit chain verification: records stored a row each', () => {
  it('finds nothing wrong in an untouched chain, and reports progress', async () => {
    const seen: number[] = [];
    const report = await audit.verify({ onProgress: (n) => seen.push(n) });
    expect(report).toMatchObject({ ok: true, checked: 20, chains: 8, problems: [] });
    expect(seen.at(-1)).toBe(20);
  });

  it('names a changed record', async () => {
    await tamper(
      `UPDATE audit_event SET content = replace(content, 'Dr Amina Shah', 'Dr Nobody') WHERE seq = 7`,
    );
    expect(await problems()).toEqual(['record 7 (at 1:7) was changed']);
  });

  it('names a changed indexed column', async () => {
    await tamper(`UPDATE audit_event SET patient_ids = '{p9}' WHERE seq = 3`);
    expect(await problems()).toEqual(['record 3 (at 1:3) was changed']);
  });

  it('names a record rewritten with a recomputed hash by the broken link after it', async () => {
    // The attacker knows the hashing scheme and makes the row consistent with itself; the next record
    // still links to the old hash, and without the next record's content it cannot be re-linked.
    const r = await db.driver.query<Record<string, unknown>>(
      `SELECT seq, pos, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded, subtype,
         action, outcome, agent_subject, agent_person, agent_org, patient_ids, purpose, content, prev_hash
       FROM audit_event WHERE seq = 12`,
    );
    const row = r.rows[0]!;
    // Someone else's name on the access: the record now blames another person.
    const content = (row.content as string).replace('"name":"Dr Amina Shah"', '"name":"Dr Someone Else"');
    expect(content).not.toBe(row.content);
    const hash = chainHash(row.prev_hash as string, {
      chain: 1,
      pos: String(row.pos),
      recorded: row.recorded as string,
      subtype: row.subtype as string,
      action: row.action as string,
      outcome: row.outcome as string,
      agentSubject: row.agent_subject as string,
      agentPerson: row.agent_person as string | null,
      agentOrg: row.agent_org as string | null,
      patientIds: row.patient_ids as string[],
      purpose: row.purpose as string | null,
      content,
    });
    await tamper(
      `UPDATE audit_event SET content = '${content.replace(/'/g, "''")}', hash = '${hash}' WHERE seq = 12`,
    );
    expect(await problems()).toEqual(['record 12 (at 1:12) was changed']);
  });

  it('names removed records as a gap, and a removed tail from the head', async () => {
    await tamper(
      'DELETE FROM audit_event WHERE seq = 5',
      'DELETE FROM audit_event WHERE seq BETWEEN 10 AND 12',
    );
    expect(await problems()).toEqual([
      'chain 1: the record at position 5 is missing',
      'chain 1: the records at positions 10–12 are missing',
    ]);
    await tamper('DELETE FROM audit_event WHERE seq >= 19');
    expect(await problems()).toEqual([
      'chain 1: the record at position 5 is missing',
      'chain 1: the records at positions 10–12 are missing',
      'chain 1: the records at positions 19–20 are missing',
    ]);
  });

  it('names records swapped in place', async () => {
    await tamper(
      'UPDATE audit_event SET pos = -1 WHERE pos = 9',
      'UPDATE audit_event SET pos = 9 WHERE pos = 10',
      'UPDATE audit_event SET pos = 10 WHERE pos = -1',
    );
    expect(await problems()).toEqual([
      'record 10 (at 1:9) is out of order',
      'record 9 (at 1:10) is out of order',
    ]);
  });

  it('names a changed head', async () => {
    await db.driver.query(`UPDATE audit_head SET hash = '${'a'.repeat(64)}' WHERE id = 1`);
    expect(await problems()).toEqual(['the head of chain 1 was changed (it names position 20 as the last)']);
    await db.driver.query('UPDATE audit_head SET pos = 18 WHERE id = 1');
    expect(await problems()).toEqual(['the head of chain 1 was changed (it names position 18 as the last)']);
  });

  it('names every kind of tampering at once', async () => {
    await tamper(
      `UPDATE audit_event SET outcome = '12' WHERE seq = 2`,
      'DELETE FROM audit_event WHERE seq IN (6, 7)',
      'UPDATE audit_event SET pos = -1 WHERE pos = 14',
      'UPDATE audit_event SET pos = 14 WHERE pos = 15',
      'UPDATE audit_event SET pos = 15 WHERE pos = -1',
    );
    await db.driver.query(`UPDATE audit_head SET hash = '${'b'.repeat(64)}' WHERE id = 1`);
    expect(await problems()).toEqual([
      'record 2 (at 1:2) was changed',
      'chain 1: the records at positions 6–7 are missing',
      'record 15 (at 1:14) is out of order',
      'record 14 (at 1:15) is out of order',
      'the head of chain 1 was changed (it names position 20 as the last)',
    ]);
    // Appending after tampering neither hides it nor breaks the new links.
    await audit.record([readOf('p1', 99)]);
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(19);
  });
});

describe('audit chain verification: records stored in blocks', () => {
  // Blocks 1 (5:1–8), 2 (5:9–15) and 3 (5:16–20): the three batches of reads, one block each.
  beforeEach(async () => {
    await db.close();
    db = await auditTestDatabase();
    audit = createAuditLog({ driver: db.driver });
    await audit.record(Array.from({ length: 8 }, (_, i) => readOf(`p${i % 3}`, i)));
    await audit.record(Array.from({ length: 7 }, (_, i) => readOf(`p${i % 3}`, 8 + i)));
    await audit.record(Array.from({ length: 5 }, (_, i) => readOf(`p${i % 3}`, 15 + i)));
  });

  async function tamperBlocks(...statements: string[]): Promise<void> {
    await db.driver.query('ALTER TABLE audit_block DISABLE TRIGGER USER');
    for (const sql of statements) await db.driver.query(sql);
    await db.driver.query('ALTER TABLE audit_block ENABLE TRIGGER USER');
  }
  const elementsOf = async (seq: number) =>
    JSON.parse(
      (await db.driver.query<{ records: string }>('SELECT records FROM audit_block WHERE seq = $1', [seq]))
        .rows[0]!.records,
    ) as unknown[][];
  const rewrite = (seq: number, elements: unknown[][]) =>
    tamperBlocks(
      `UPDATE audit_block SET records = '${JSON.stringify(elements).replace(/'/g, "''")}' WHERE seq = ${seq}`,
    );

  it('finds nothing wrong in untouched blocks', async () => {
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 20, problems: [] });
    const blocks = await db.driver.query<{ seq: string; first_pos: string; last_pos: string }>(
      'SELECT seq::text, first_pos::text, last_pos::text FROM audit_block ORDER BY seq',
    );
    expect(blocks.rows).toEqual([
      { seq: '1', first_pos: '1', last_pos: '8' },
      { seq: '2', first_pos: '9', last_pos: '15' },
      { seq: '3', first_pos: '16', last_pos: '20' },
    ]);
  });

  it('names a changed record, and a changed indexed column', async () => {
    await tamperBlocks(
      `UPDATE audit_block SET records = replace(records, 'Observation/o6/', 'Observation/o9/') WHERE seq = 1`,
    );
    expect(await problems()).toEqual(['record 1-6 (at 5:7) was changed']);
    const elements = await elementsOf(2);
    elements[2]![8] = ['p9'];
    await rewrite(2, elements);
    expect(await problems()).toEqual(['record 1-6 (at 5:7) was changed', 'record 2-2 (at 5:11) was changed']);
  });

  it('names a record rewritten with a recomputed hash by the broken link after it', async () => {
    const elements = await elementsOf(2);
    const e = elements[4]!;
    e[10] = (e[10] as string).replace('"name":"Dr Amina Shah"', '"name":"Dr Someone Else"');
    e[13] = chainHash(e[12] as string, {
      chain: 5,
      pos: e[0] as string,
      recorded: e[1] as string,
      subtype: e[2] as string,
      action: e[3] as string,
      outcome: e[4] as string,
      agentSubject: e[5] as string,
      agentPerson: e[6] as string | null,
      agentOrg: e[7] as string | null,
      patientIds: e[8] as string[],
      purpose: e[9] as string | null,
      content: e[10] as string,
    });
    await rewrite(2, elements);
    expect(await problems()).toEqual(['record 2-4 (at 5:13) was changed']);
  });

  it('names records removed from a block, a removed block, and a removed tail', async () => {
    const elements = await elementsOf(1);
    await rewrite(1, [...elements.slice(0, 2), ...elements.slice(3)]);
    await tamperBlocks('DELETE FROM audit_block WHERE seq = 3');
    expect(await problems()).toEqual([
      'chain 5: the record at position 3 is missing',
      'chain 5: the records at positions 16–20 are missing',
    ]);
    await tamperBlocks('DELETE FROM audit_block WHERE seq = 2');
    expect(await problems()).toEqual([
      'chain 5: the record at position 3 is missing',
      'chain 5: the records at positions 9–20 are missing',
    ]);
  });

  it('names records moved to each other’s places', async () => {
    const elements = await elementsOf(2);
    [elements[0]![0], elements[1]![0]] = [elements[1]![0], elements[0]![0]];
    await rewrite(2, elements);
    expect(await problems()).toEqual([
      'record 2-0 (at 5:9) is out of order',
      'record 2-1 (at 5:10) is out of order',
    ]);
  });

  it('names a block that is no longer a block, or whose time bounds were moved', async () => {
    await tamperBlocks(`UPDATE audit_block SET records = '[1, 2, 3]' WHERE seq = 2`);
    expect(await problems()).toEqual(['block 2 (records at 5:9–15) was changed: its records cannot be read']);
    await tamperBlocks(
      `UPDATE audit_block SET recorded_to = '2001-01-01T00:00:00Z', recorded_from = '2001-01-01T00:00:00Z' WHERE seq = 3`,
    );
    expect(await problems()).toEqual([
      'block 2 (records at 5:9–15) was changed: its records cannot be read',
      'block 3 (records at 5:16–20) was changed: its records cannot be read',
    ]);
  });
});
