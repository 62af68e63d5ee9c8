import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClient, uid } from '../support/fhir-client.js';
import { bearer, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * One AuditEvent for every interaction, whatever its kind and outcome; a write and its AuditEvent
 * commit together; a read whose AuditEvent cannot be written is not served.
 */

let t: TestApp;
let fhir: ReturnType<typeof fhirClient>;
let gp: Record<string, string>;
const practice = uid();
const patientId = uid();

interface Row {
  seq: string;
  subtype: string;
  outcome: string;
  agent_subject: string;
  patient_ids: string[];
}

async function auditRows(after: string): Promise<Row[]> {
  const r = await t.opened.driver.query<Row>(
    `SELECT id AS seq, subtype, outcome, agent_subject, patient_ids FROM audit_record WHERE seq > $1::bigint ORDER BY audit_record.seq, idx`,
    [after],
  );
  return r.rows;
}

async function lastSeq(): Promise<string> {
  const r = await t.opened.driver.query<{ s: string }>(
    'SELECT coalesce(max(seq), 0)::text AS s FROM audit_record',
  );
  return r.rows[0]!.s;
}

beforeAll(async () => {
  t = await createTestApp();
  fhir = fhirClient(t.app);
  gp = {
    authorization: await bearer({
      role: 'gp',
      person: `Practitioner/${uid()}`,
      organization: practice,
      name: 'Dr Audit',
    }),
  };
  await fhir.put(`Organization/${practice}`, {
    resourceType: 'Organization',
    id: practice,
    name: 'Audit Practice',
  });
  await fhir.put(`Patient/${patientId}`, {
    resourceType: 'Patient',
    id: patientId,
    name: [{ family: 'Audited' }],
    generalPractitioner: [{ reference: `Organization/${practice}` }],
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('audit completeness', () => {
  it('records exactly one AuditEvent per interaction, naming who, what and whose record', async () => {
    const before = await lastSeq();
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Weight' },
      subject: { reference: `Patient/${patientId}` },
      valueQuantity: { value: 70, unit: 'kg' },
    };
    const steps: [string, () => Promise<{ status: number }>][] = [
      ['create', () => fhir.post('Observation', obs, gp)],
      ['search-type', () => fhir.get(`Observation?subject=Patient/${patientId}`, gp)],
      ['read', () => fhir.get(`Patient/${patientId}`, gp)],
      ['search-type', () => fhir.get(`Observation?code=nothing-${uid()}`, gp)],
      ['history-instance', () => fhir.get(`Patient/${patientId}/_history`, gp)],
      ['operation', () => fhir.get(`Patient/${patientId}/$everything`, gp)],
      [
        'transaction',
        () =>
          fhir.post(
            '',
            {
              resourceType: 'Bundle',
              type: 'transaction',
              entry: [1, 2, 3].map((i) => ({
                resource: { ...obs, valueQuantity: { value: 70 + i, unit: 'kg' } },
                request: { method: 'POST', url: 'Observation' },
              })),
            },
            gp,
          ),
      ],
      ['access-denied', () => fhir.get(`Patient/${uid()}/$export`, gp)],
      ['read', () => fhir.get(`Observation/${uid()}`, gp)],
    ];
    const created = await fhir.post('Observation', obs, gp);
    const id = created.json().id as string;
    steps.push(
      ['vread', () => fhir.get(`Observation/${id}/_history/1`, gp)],
      ['update', () => fhir.put(`Observation/${id}`, { ...obs, id, status: 'amended' }, gp)],
      [
        'patch',
        () => fhir.patch(`Observation/${id}`, [{ op: 'replace', path: '/status', value: 'final' }], gp),
      ],
      ['delete', () => fhir.delete(`Observation/${id}`, gp)],
    );
    const afterCreate = await lastSeq();
    for (const [, step] of steps) await step();
    const rows = await auditRows(afterCreate);
    expect(rows.map((r) => r.subtype)).toEqual(steps.map(([s]) => s));
    expect(rows.find((r) => r.subtype === 'read')!.patient_ids).toEqual([patientId]);
    expect(rows.filter((r) => r.subtype === 'read')[1]!.outcome).toBe('4');
    expect(rows.every((r) => r.agent_subject === rows[0]!.agent_subject)).toBe(true);
    expect((await auditRows(before)).length).toBe(steps.length + 1);
  });

  it('a batch records each entry that wrote, and its reads', async () => {
    const before = await lastSeq();
    const r = await fhir.post(
      '',
      {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${patientId}` } },
          {
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { text: 'A' },
              subject: { reference: `Patient/${patientId}` },
            },
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      },
      gp,
    );
    expect(r.status).toBe(200);
    const rows = await auditRows(before);
    expect(rows.map((x) => x.subtype)).toEqual(['batch']);
    expect(rows[0]!.patient_ids).toEqual([patientId]);
  });

  it('a write whose AuditEvent cannot be written does not happen, and a read is not served', async () => {
    const id = uid();
    // Writes' records are rows, reads' go in blocks: both tables are out of reach.
    await t.opened.driver.query('ALTER TABLE audit_event RENAME TO audit_event_away');
    await t.opened.driver.query('ALTER TABLE audit_block RENAME TO audit_block_away');
    try {
      const lost = {
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { text: 'Lost' },
        subject: { reference: `Patient/${patientId}` },
      };
      const write = await fhir.put(`Observation/${id}`, lost, gp);
      expect(write.status).toBeGreaterThanOrEqual(500);
      const read = await fhir.get(`Patient/${patientId}`, gp);
      expect(read.status).toBeGreaterThanOrEqual(500);
      expect(read.body).not.toContain('Audited');
    } finally {
      await t.opened.driver.query('ALTER TABLE audit_event_away RENAME TO audit_event');
      await t.opened.driver.query('ALTER TABLE audit_block_away RENAME TO audit_block');
    }
    expect((await fhir.get(`Observation/${id}`)).status).toBe(404);
    expect((await fhir.get(`Patient/${patientId}`, gp)).status).toBe(200);
  });
});

describe('who accessed my record', () => {
  it('lists accesses to every linked record of the person, newest first', async () => {
    const main = uid();
    const other = uid();
    await fhir.put(`Patient/${other}`, { resourceType: 'Patient', id: other, name: [{ family: 'Linked' }] });
    await fhir.put(`Patient/${main}`, {
      resourceType: 'Patient',
      id: main,
      name: [{ family: 'Linked' }],
      link: [{ other: { reference: `Patient/${other}` }, type: 'seealso' }],
    });
    const reader = {
      authorization: await bearer({ role: 'gp', person: `Practitioner/${uid()}`, organization: practice }),
    };
    // The GP has no relationship with the hospital copy: the refused attempt is an access too.
    expect((await fhir.get(`Patient/${other}`, reader)).status).toBe(403);
    expect((await fhir.get(`Patient/${other}`)).status).toBe(200);
    const me = { authorization: await bearer({ role: 'patient', patient: main, person: `Patient/${main}` }) };
    const log = await fhir.get(`Patient/${main}/$access-log?_count=50`, me);
    expect(log.status, log.body).toBe(200);
    const events = (log.json().entry ?? []).map(
      (e: { resource: { subtype: { code: string }[] } }) => e.resource,
    );
    const codes = events.map((e: { subtype: { code: string }[] }) => e.subtype.map((s) => s.code).join(','));
    expect(codes.slice(0, 2)).toEqual(['read', 'access-denied']);
  });
  it('shows a person what a search touched of theirs, and nothing of the other people it found', async () => {
    const [mine, theirs] = [uid(), uid()];
    for (const id of [mine, theirs]) {
      await fhir.put(`Patient/${id}`, {
        resourceType: 'Patient',
        id,
        name: [{ family: 'Searched' }],
        generalPractitioner: [{ reference: `Organization/${practice}` }],
      });
      await fhir.post('Observation', {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'Pulse' },
        subject: { reference: `Patient/${id}` },
      });
    }
    const found = await fhir.get(`Observation?subject=Patient/${mine},Patient/${theirs}`, gp);
    expect(found.json().entry).toHaveLength(2);
    const me = { authorization: await bearer({ role: 'patient', patient: mine, person: `Patient/${mine}` }) };
    const log = await fhir.get(`Patient/${mine}/$access-log?_count=1`, me);
    expect(log.status, log.body).toBe(200);
    const search = log.json().entry[0].resource;
    expect(search.subtype[0].code).toBe('search-type');
    const refs = search.entity.map((e: { what?: { reference: string } }) => e.what?.reference);
    expect(refs).toContain(`Patient/${mine}`);
    expect(refs.filter((r: string | undefined) => r?.startsWith('Observation/'))).toHaveLength(1);
    expect(log.body).not.toContain(theirs);
    // The privacy officer sees the whole interaction.
    const officer = { authorization: await bearer({ role: 'privacy-officer', organization: practice }) };
    const all = await fhir.get(
      `$audit-search?patient=Patient/${theirs}&subtype=search-type&_count=1`,
      officer,
    );
    expect(all.status, all.body).toBe(200);
    expect(all.body).toContain(mine);
  });
});
