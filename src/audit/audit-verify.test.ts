import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../store/index.js';
import { chainHash } from './audit-chain.js';
import { createAuditLog } from './audit-log.js';
import type { AuditLog } from './audit-log.js';
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
  // 20 records in three transactions.
  await audit.record(Array.from({ length: 8 }, (_, i) => readOf(`p${i % 3}`, i)));
  await audit.record(Array.from({ length: 7 }, (_, i) => readOf(`p${i % 3}`, 8 + i)));
  await audit.record(Array.from({ length: 5 }, (_, i) => readOf(`p${i % 3}`, 15 + i)));
});
afterEach(async () => {
  await db.close();
});

describe('audit chain verification', () => {
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
    expect(await problems()).toEqual(['record 7 (at 5:7) was changed']);
  });

  it('names a changed indexed column', async () => {
    await tamper(`UPDATE audit_event SET patient_ids = '{p9}' WHERE seq = 3`);
    expect(await problems()).toEqual(['record 3 (at 5:3) was changed']);
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
      chain: 5,
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
    expect(await problems()).toEqual(['record 12 (at 5:12) was changed']);
  });

  it('names removed records as a gap, and a removed tail from the head', async () => {
    await tamper(
      'DELETE FROM audit_event WHERE seq = 5',
      'DELETE FROM audit_event WHERE seq BETWEEN 10 AND 12',
    );
    expect(await problems()).toEqual([
      'chain 5: the record at position 5 is missing',
      'chain 5: the records at positions 10–12 are missing',
    ]);
    await tamper('DELETE FROM audit_event WHERE seq >= 19');
    expect(await problems()).toEqual([
      'chain 5: the record at position 5 is missing',
      'chain 5: the records at positions 10–12 are missing',
      'chain 5: the records at positions 19–20 are missing',
    ]);
  });

  it('names records swapped in place', async () => {
    await tamper(
      'UPDATE audit_event SET pos = -1 WHERE pos = 9',
      'UPDATE audit_event SET pos = 9 WHERE pos = 10',
      'UPDATE audit_event SET pos = 10 WHERE pos = -1',
    );
    expect(await problems()).toEqual([
      'record 10 (at 5:9) is out of order',
      'record 9 (at 5:10) is out of order',
    ]);
  });

  it('names a changed head', async () => {
    await db.driver.query(`UPDATE audit_head SET hash = '${'a'.repeat(64)}' WHERE id = 5`);
    expect(await problems()).toEqual(['the head of chain 5 was changed (it names position 20 as the last)']);
    await db.driver.query('UPDATE audit_head SET pos = 18 WHERE id = 5');
    expect(await problems()).toEqual(['the head of chain 5 was changed (it names position 18 as the last)']);
  });

  it('names every kind of tampering at once', async () => {
    await tamper(
      `UPDATE audit_event SET outcome = '12' WHERE seq = 2`,
      'DELETE FROM audit_event WHERE seq IN (6, 7)',
      'UPDATE audit_event SET pos = -1 WHERE pos = 14',
      'UPDATE audit_event SET pos = 14 WHERE pos = 15',
      'UPDATE audit_event SET pos = 15 WHERE pos = -1',
    );
    await db.driver.query(`UPDATE audit_head SET hash = '${'b'.repeat(64)}' WHERE id = 5`);
    expect(await problems()).toEqual([
      'record 2 (at 5:2) was changed',
      'chain 5: the records at positions 6–7 are missing',
      'record 15 (at 5:14) is out of order',
      'record 14 (at 5:15) is out of order',
      'the head of chain 5 was changed (it names position 20 as the last)',
    ]);
    // Appending after tampering neither hides it nor breaks the new links.
    await audit.record([readOf('p1', 99)]);
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(19);
  });
});
