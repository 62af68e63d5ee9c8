import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/index.js';
import { openStore } from '../store/index.js';
import { auditCommand } from './audit-command.js';
import type { CliIo } from './cli-io.js';

function io(env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  const cli: CliIo = {
    env,
    interactive: false,
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    onSignal: () => () => undefined,
  };
  return { cli, out };
}

describe('heartwood audit', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heartwood-audit-'));
    env = { HEARTWOOD_DATA: dir };
    const { driver } = await openStore({ kind: 'pglite', dataDir: dir });
    const audit = createAuditLog({ driver });
    const principal = {
      subject: 'idp|amina',
      role: 'clinician' as const,
      name: 'Dr Amina Shah',
      organizationName: 'Riverside General',
      organization: 'rgt',
      scopes: [],
    };
    for (let i = 0; i < 5; i++) {
      await audit.record([
        {
          action: 'R',
          subtype: 'read',
          outcome: '0',
          principal,
          patients: [i % 2 === 0 ? 'p1' : 'p2'],
          entities: [`Observation/o${i}`],
          purposeOfUse: 'TREAT',
          recorded: `2026-03-0${i + 1}T09:00:00Z`,
        },
      ]);
    }
    await driver.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one line per event for a patient, newest first', async () => {
    const { cli, out } = io(env);
    expect(await auditCommand(['search', '--patient', 'p1', '--since', '2026-03-02'], cli)).toBe(0);
    expect(out.stdout.trim().split('\n')).toEqual([
      '2026-03-05T09:00:00.000Z  #5-0  read  ok  Dr Amina Shah (clinician, Riverside General)  Patient/p1  purpose: TREAT treatment  Observation/o4',
      '2026-03-03T09:00:00.000Z  #3-0  read  ok  Dr Amina Shah (clinician, Riverside General)  Patient/p1  purpose: TREAT treatment  Observation/o2',
    ]);
    await expect(auditCommand(['search', '--subtype', 'peek'], io(env).cli)).rejects.toThrow('--subtype');
  });

  it('verifies the chain, and names tampering with exit code 1', async () => {
    let run = io(env);
    expect(await auditCommand(['verify'], run.cli)).toBe(0);
    expect(run.out.stdout).toBe('Audit trail intact: 5 records in 8 chains\n');
    const { driver } = await openStore({ kind: 'pglite', dataDir: dir });
    // Each read was a batch of its own: one block each, ids 1–5.
    await driver.query('ALTER TABLE audit_block DISABLE TRIGGER USER');
    await driver.query(
      `UPDATE audit_block SET records = replace(records, '"R","0"', '"R","4"') WHERE seq = 2`,
    );
    await driver.query('DELETE FROM audit_block WHERE seq IN (3, 4)');
    await driver.close();
    run = io(env);
    expect(await auditCommand(['verify'], run.cli)).toBe(1);
    expect(run.out.stdout).toBe(
      'record 2-0 (at 5:2) was changed\nchain 5: the records at positions 3–4 are missing\n',
    );
    expect(run.out.stderr).toContain('2 problems in 3 records');
  });
});
