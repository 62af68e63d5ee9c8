import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../auth/index.js';
import { createValidator, loadR4Definitions } from '../fhir/validation/index.js';
import type { SqlDriver, SqlExecutor } from '../store/index.js';
import { createAuditLog } from './audit-log.js';
import type { AuditLog } from './audit-log.js';
import { auditTestDatabase, clinician, readOf, storedIds, storedPlaces } from './test-audit-support.js';

let db: { driver: SqlDriver; close(): Promise<void> };
let audit: AuditLog;

beforeEach(async () => {
  db = await auditTestDatabase();
  audit = createAuditLog({ driver: db.driver });
});
afterEach(async () => {
  await audit.flush();
  await db.close();
});

const ids = () => storedIds(db.driver);
const places = () => storedPlaces(db.driver);

/** Whether each chain's places run 1, 2, 3… without a gap. */
const gapFree = (list: string[]) => {
  const last = new Map<string, number>();
  for (const place of list) {
    const [chain, pos] = place.split(':') as [string, string];
    if (Number(pos) !== (last.get(chain) ?? 0) + 1) return false;
    last.set(chain, Number(pos));
  }
  return true;
};

describe('audit log', () => {
  it('chains appended records and verifies them', async () => {
    await audit.record([readOf('p1', 1), readOf('p2', 2)]);
    await db.driver.transaction((tx) => audit.appendIn(tx, [readOf('p1', 3)]));
    await audit.record([readOf('p1', 4)]);
    const report = await audit.verify();
    expect(report).toEqual({ ok: true, checked: 4, chains: 8, problems: [] });
    // Each batch of reads is one block (ids `block-index`), the write a row.
    expect(await ids()).toEqual(['1-0', '1-1', '2', '3-0']);
    // Reads on the first record chain, the write on the first write chain.
    expect(await places()).toEqual(['1:1', '5:1', '5:2', '5:3']);
  });

  it('writes AuditEvents that are valid FHIR R4, shaped per BALP', async () => {
    const validator = createValidator(loadR4Definitions());
    await audit.record([
      readOf('p1', 1),
      {
        action: 'R',
        subtype: 'break-glass',
        outcome: '0',
        principal: { ...clinician, clientId: 'ward-app', tokenId: 'jti-1' },
        patients: ['Patient/p1'],
        entities: [],
        purposeOfUse: 'ETREAT',
        reason: 'Unconscious in A&E, no consent possible',
      },
      {
        action: 'E',
        subtype: 'operation',
        outcome: '4',
        outcomeDescription: 'Not allowed',
        principal: systemPrincipal(),
        patients: ['p1', 'p2'],
        entities: ['Patient/p1'],
        detail: '$everything',
      },
      {
        action: 'E',
        subtype: 'login',
        outcome: '0',
        principal: { ...clinician, address: '2001:db8::1' },
        patients: [],
        entities: [],
      },
      { ...readOf('p3', 5), subtype: 'access-denied', outcome: '4', reason: 'No legitimate relationship' },
    ]);
    const { events } = await audit.search({}, { count: 10 });
    expect(events).toHaveLength(5);
    for (const e of events) expect(validator.validate(e)).toEqual([]);
    const read = events.find((e) => e.id === '1-0')!;
    expect(read).toMatchObject({
      type: { code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      outcome: '0',
      agent: [
        {
          who: { reference: 'Practitioner/amina', display: 'Dr Amina Shah' },
          requestor: true,
          network: { address: '10.0.0.7', type: '2' },
        },
        { who: { reference: 'Organization/rgt', display: 'Riverside General' }, requestor: false },
      ],
      entity: [
        { what: { reference: 'Patient/p1' }, role: { code: '1' } },
        { what: { reference: 'Observation/o1/_history/1' }, role: { code: '4' } },
        { role: { code: '24' }, query: Buffer.from('GET Observation/o1').toString('base64') },
      ],
    });
    const glass = events.find((e) => e.id === '1-1')!;
    expect(glass.purposeOfEvent).toEqual([
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
            code: 'ETREAT',
            display: 'emergency treatment',
          },
        ],
        text: 'Unconscious in A&E, no consent possible',
      },
    ]);
    expect(events.find((e) => e.id === '1-4')!.outcomeDesc).toBe('No legitimate relationship');
  });

  it('refuses malformed records in the caller, not in the shared batch', async () => {
    await expect(audit.record([{ ...readOf('p1', 1), patients: ["x' OR 1=1"] }])).rejects.toThrow(
      'patient id',
    );
    await expect(audit.record([{ ...readOf('p1', 1), recorded: 'yesterday' }])).rejects.toThrow('instant');
    await audit.record([readOf('p1', 2)]);
    expect(await ids()).toEqual(['1-0']);
  });

  it('group-commits 200 concurrent callers into a gap-free, valid chain', async () => {
    const batches: number[] = [];
    const counting = createAuditLog({ driver: db.driver, maxBatch: 50 });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        counting.record([readOf(`p${i % 7}`, i)]).then(() => batches.push(i)),
      ),
    );
    expect(batches).toHaveLength(200);
    expect(new Set(await ids()).size).toBe(200);
    const stored = await places();
    expect(stored).toHaveLength(200);
    expect(gapFree(stored)).toBe(true);
    const report = await counting.verify();
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(200);
    // Callers shared blocks (a block per transaction), never more than 50 records in one.
    const blocks = await db.driver.query<{ n: string }>(
      'SELECT (last_pos - first_pos + 1)::text AS n FROM audit_block ORDER BY 1 DESC',
    );
    expect(blocks.rows.length).toBeGreaterThan(1);
    expect(blocks.rows.length).toBeLessThan(200);
    expect(Math.max(...blocks.rows.map((b) => Number(b.n)))).toBeLessThanOrEqual(50);
  });

  it('spreads a burst over the record chains only once enough records wait, each chain gap-free', async () => {
    const spreading = createAuditLog({ driver: db.driver, maxBatch: 10, spreadAt: 10 });
    await Promise.all(Array.from({ length: 120 }, (_, i) => spreading.record([readOf(`p${i % 5}`, i)])));
    const stored = await places();
    const chains = new Set(stored.map((p) => Number(p.split(':')[0])));
    expect(chains.size).toBeGreaterThan(1);
    for (const c of chains) expect(c).toBeGreaterThanOrEqual(5);
    expect(gapFree(stored)).toBe(true);
    expect(await spreading.verify()).toMatchObject({ ok: true, checked: 120 });
    // One record at a time never needs a second chain.
    await spreading.record([readOf('p1', 500)]);
    await spreading.record([readOf('p1', 501)]);
    const last = await db.driver.query<{ chain: number }>(
      'SELECT chain FROM audit_block ORDER BY seq DESC LIMIT 2',
    );
    expect(last.rows.map((r) => Number(r.chain))).toEqual([5, 5]);
  });

  it('keeps the chain gap-free when several logs (as several processes would) append at once', async () => {
    // Each log has its own flusher; on PostgreSQL their transactions really overlap and take turns on
    // the head row's lock.
    const logs = [0, 1, 2].map(() => createAuditLog({ driver: db.driver, maxBatch: 20 }));
    await Promise.all(
      Array.from({ length: 150 }, (_, i) => logs[i % 3]!.record([readOf('p1', i)])).concat(
        Array.from({ length: 30 }, (_, i) =>
          db.driver.transaction((tx) => logs[i % 3]!.appendIn(tx, [readOf('p2', i)])),
        ),
      ),
    );
    expect(new Set(await ids()).size).toBe(180);
    expect(gapFree(await places())).toBe(true);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 180 });
  });

  it('rejects every caller of a batch that could not be written, with a 503 and no detail', async () => {
    await audit.record([readOf('p1', 1)]);
    // The database refuses the next rows (as it would when full or unreachable).
    await db.driver.query('ALTER TABLE audit_block ADD CONSTRAINT audit_full CHECK (seq < 2) NOT VALID');
    const results = await Promise.allSettled([
      audit.record([readOf('p1', 2)]),
      audit.record([readOf('p1', 3)]),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as { status: number; message: string };
      expect(reason.status).toBe(503);
      expect(reason.message).toBe('The audit trail could not be written; try again shortly.');
    }
    await db.driver.query('ALTER TABLE audit_block DROP CONSTRAINT audit_full');
    await audit.record([readOf('p1', 4)]);
    // Ids the failed statement drew are skipped; places in the chain are not.
    expect(await places()).toEqual(['5:1', '5:2']);
    expect((await audit.verify()).ok).toBe(true);
  });

  // PGlite has one connection, so transactions cannot overlap there.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'lets write transactions append at once, each holding a write chain of its own until it commits',
    async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let appended!: () => void;
      const firstAppended = new Promise<void>((resolve) => (appended = resolve));
      const first = db.driver.transaction(async (tx) => {
        await audit.appendIn(tx, [readOf('p1', 1)]);
        appended();
        await held;
        await audit.appendIn(tx, [readOf('p1', 2)]);
      });
      await firstAppended;
      // The first transaction still holds chain 1: this one takes chain 2 and commits without waiting.
      await db.driver.transaction((tx) => audit.appendIn(tx, [readOf('p2', 3)]));
      expect(await places()).toEqual(['2:1']);
      release();
      await first;
      expect(await places()).toEqual(['1:1', '1:2', '2:1']);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 3 });
    },
  );

  it("appends a write transaction's records in one statement once it knows the write chains' tips", async () => {
    const counted = (tx: SqlExecutor, count: () => void): SqlExecutor =>
      new Proxy(tx, {
        get: (target, key) =>
          key === 'query'
            ? (...args: Parameters<SqlExecutor['query']>) => {
                count();
                return target.query(...args);
              }
            : (target as unknown as Record<string | symbol, unknown>)[key],
      });
    let statements = 0;
    const append = (n: number) =>
      db.driver.transaction((tx) =>
        audit.appendIn(
          counted(tx, () => statements++),
          [readOf('p1', n)],
        ),
      );
    await append(1);
    statements = 0;
    await append(2);
    expect(statements).toBe(1);
    // A rollback leaves the remembered tip stale: the next append finds the head and still fits.
    await expect(
      db.driver.transaction(async (tx) => {
        await audit.appendIn(tx, [readOf('p1', 3)]);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    await append(4);
    expect(await places()).toEqual(['1:1', '1:2', '1:3']);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('leaves no trace and no gap when the transaction appendIn joined rolls back', async () => {
    await audit.record([readOf('p1', 1)]);
    await expect(
      db.driver.transaction(async (tx) => {
        await audit.appendIn(tx, [readOf('p1', 2), readOf('p1', 3)]);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    await audit.record([readOf('p1', 4)]);
    expect(await places()).toEqual(['5:1', '5:2']);
    expect((await audit.verify()).ok).toBe(true);
    const { events } = await audit.accessesFor('p1', { count: 10 });
    expect(events.map((e) => (e.entity as { what?: { reference: string } }[])[1]!.what!.reference)).toEqual([
      'Observation/o4/_history/1',
      'Observation/o1/_history/1',
    ]);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await audit.record([readOf('p1', 1)]);
    await db.driver.transaction((tx) => audit.appendIn(tx, [readOf('p1', 2)]));
    for (const sql of [
      "UPDATE audit_event SET content = '{}'",
      'DELETE FROM audit_event',
      'TRUNCATE audit_event',
      'DELETE FROM audit_patient',
      "UPDATE audit_block SET records = '[]'",
      'DELETE FROM audit_block',
      'TRUNCATE audit_block',
      'DELETE FROM audit_block_key',
      'TRUNCATE audit_block_key',
    ]) {
      await expect(db.driver.query(sql)).rejects.toThrow(/the audit trail is append-only/);
    }
    expect((await audit.verify()).ok).toBe(true);
  });

  it('pages a patient’s accesses newest first, including those by Heartwood itself', async () => {
    await audit.record([readOf('p1', 1), readOf('p2', 2)]);
    await audit.record([readOf('p1', 3, systemPrincipal('Nightly import'))]);
    // A write's records are rows; reads are blocks: one log, served in order.
    await db.driver.transaction((tx) =>
      audit.appendIn(tx, [{ ...readOf('p1', 6), action: 'U', subtype: 'update' }]),
    );
    await audit.record([readOf('p1', 4), { ...readOf('p1', 5), patients: ['p1', 'p2'] }]);
    const first = await audit.accessesFor('p1', { count: 2 });
    expect(first.events.map((e) => e.id)).toEqual(['4-1', '4-0']);
    const second = await audit.accessesFor('p1', { count: 2, cursor: first.next! });
    expect(second.events.map((e) => e.id)).toEqual(['3', '2-0']);
    const third = await audit.accessesFor('p1', { count: 2, cursor: second.next! });
    expect(third.events.map((e) => e.id)).toEqual(['1-0']);
    expect(third.next).toBeUndefined();
    expect(second.events[1]!.agent).toMatchObject([
      { name: 'Nightly import', who: { reference: 'Device/heartwood' } },
    ]);
    expect((await audit.accessesFor('Patient/p2', { count: 10 })).events.map((e) => e.id)).toEqual([
      '4-1',
      '1-1',
    ]);
    // The linked records of one person are one log.
    expect((await audit.accessesFor(['p2', 'p9'], { count: 10 })).events.map((e) => e.id)).toEqual([
      '4-1',
      '1-1',
    ]);
  });

  it('searches by agent, organisation, subtype and time', async () => {
    const times = ['2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z', '2026-01-03T10:00:00Z'];
    const other = { ...clinician, subject: 'idp|ben', person: 'Practitioner/ben', organization: 'nhs-x' };
    await audit.record([
      { ...readOf('p1', 1), recorded: times[0] },
      { ...readOf('p2', 2, other), recorded: times[1] },
      { ...readOf('p3', 3), subtype: 'search-type', recorded: times[2] },
    ]);
    await db.driver.transaction((tx) =>
      audit.appendIn(tx, [{ ...readOf('p1', 4, other), action: 'U', subtype: 'update', recorded: times[1] }]),
    );
    const found = async (q: Parameters<AuditLog['search']>[0]) =>
      (await audit.search(q, { count: 10 })).events.map((e) => e.id);
    expect(await found({ agent: 'idp|amina' })).toEqual(['1-2', '1-0']);
    expect(await found({ agent: 'Practitioner/ben' })).toEqual(['2', '1-1']);
    expect(await found({ organization: 'Organization/rgt' })).toEqual(['1-2', '1-0']);
    expect(await found({ subtype: 'search-type' })).toEqual(['1-2']);
    expect(await found({ from: '2026-01-02', to: '2026-01-03T10:00:00Z' })).toEqual(['2', '1-1']);
    expect(await found({ patient: 'p1', agent: 'idp|amina', from: '2026-01-01' })).toEqual(['1-0']);
    expect(await found({ patient: 'p1', from: '2026-01-02' })).toEqual(['2']);
    expect(await found({})).toEqual(['2', '1-2', '1-1', '1-0']);
    await expect(audit.search({ from: 'soon' }, { count: 1 })).rejects.toThrow('_since');
    await expect(audit.search({}, { count: 1, cursor: '1 OR 1=1' })).rejects.toThrow('_cursor');
  });
});
