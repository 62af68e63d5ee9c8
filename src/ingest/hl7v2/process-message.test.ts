import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../../fhir/index.js';
import type { FhirRequest } from '../../rest/index.js';
import type { SqlExecutor } from '../../store/index.js';
import { getInboxMessage } from './hl7v2-inbox.js';
import { parseHl7Message } from './parse-message.js';
import { createHl7v2Processor } from './process-message.js';
import type { Hl7v2Processor } from './process-message.js';
import { FIXTURES, hl7 } from './test-fixtures.js';
import { openTestStore, search } from './test-store.js';
import type { TestStore } from './test-store.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const MR = (v: string) =>
  `identifier=${encodeURIComponent(`https://heartwood.nhs.example/hl7v2/id/RXH|${v}`)}`;

function admit(
  id: string,
  family: string,
  trigger = 'A01',
  control = `${trigger}-${id}`,
  extra: string[] = [],
) {
  return hl7(
    `MSH|^~\\&|PAS|RXH|HEARTWOOD|NHS|20240301090000+0000||ADT^${trigger}|${control}|P|2.5.1`,
    `PID|1||${id}^^^RXH^MR||${family}^ANNE||19700101|F`,
    ...extra,
  );
}

describe('createHl7v2Processor (real store)', () => {
  let t: TestStore;
  let p: Hl7v2Processor;
  beforeAll(async () => {
    t = await openTestStore();
    p = createHl7v2Processor({ service: t.service, driver: t.opened.driver });
  });
  afterAll(async () => t?.opened.store.close());

  it('answers AA once the records are stored and the inbox says accepted', async () => {
    const r = await p.process(fixture('adt-a01.hl7'));
    expect(r).toMatchObject({ code: 'AA', messageType: 'ADT^A01', controlId: 'MSG00001' });
    const ack = parseHl7Message(r.ack);
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSA-2')).toBe('MSG00001');
    const row = await getInboxMessage(t.opened.driver, r.inboxId!);
    expect(row).toMatchObject({
      status: 'accepted',
      controlId: 'MSG00001',
      messageType: 'ADT^A01',
      reason: null,
    });
    expect(row!.raw.startsWith('MSH|^~\\&|ADTApp|')).toBe(true);

    const [patient] = await search(
      t.service,
      `Patient?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/test1|PATID1234')}`,
    );
    expect((patient as Json).name[0].family).toBe('EVERYMAN');
    expect((patient as Json).meta.versionId).toBe('1');
    const [encounter] = await search(
      t.service,
      `Encounter?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/AccMng|40007716')}`,
    );
    expect((encounter as Json).subject.reference).toBe(`Patient/${(patient as Json).id}`);
    expect((encounter as Json).status).toBe('in-progress');
    const provenances = await search(t.service, 'Provenance?_count=100');
    const provenance = provenances.find((x: Json) => x.activity.coding[0].code === 'A01') as Json;
    expect(provenance.target.map((x: Json) => x.reference)).toContain(`Patient/${(patient as Json).id}`);
    expect(provenance.agent[0].who.reference).toMatch(/^Device\//);
  });

  it('updates rather than duplicates when a message is re-sent, and the A08 updates the same records', async () => {
    const again = await p.process(fixture('adt-a01.hl7'));
    expect(again.code).toBe('AA');
    const query = `Patient?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/test1|PATID1234')}`;
    const patients = await search(t.service, query);
    expect(patients).toHaveLength(1);
    expect((patients[0] as Json).meta.versionId).toBe('1');
    expect(await search(t.service, 'Practitioner?_count=100')).toHaveLength(4);

    expect((await p.process(fixture('adt-a08.hl7'))).code).toBe('AA');
    const after = await search(t.service, query);
    expect(after).toHaveLength(1);
    expect((after[0] as Json).id).toBe((patients[0] as Json).id);
  });

  it('moves a visit through its states: admitted, discharged, discharge cancelled', async () => {
    const pv1 = (end = '') =>
      `PV1|1|I|W1^B1^1||||||||||||||||V77^^^RXH^VN|||||||||||||||||||||||||20240301080000+0000|${end}`;
    const url = `Encounter?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/RXH|V77')}`;
    await p.process(admit('E1', 'VISIT', 'A01', 'v1', [pv1()]));
    expect(await search(t.service, url)).toMatchObject([{ status: 'in-progress', meta: { versionId: '1' } }]);
    await p.process(admit('E1', 'VISIT', 'A03', 'v2', [pv1('20240302100000+0000')]));
    expect(await search(t.service, url)).toMatchObject([
      { status: 'finished', period: { end: '2024-03-02T10:00:00+00:00' }, meta: { versionId: '2' } },
    ]);
    await p.process(admit('E1', 'VISIT', 'A13', 'v3', [pv1('20240302100000+0000')]));
    const [back] = await search(t.service, url);
    expect(back).toMatchObject({ status: 'in-progress', meta: { versionId: '3' } });
    expect((back as Json).period.end).toBeUndefined();
    await p.process(admit('E1', 'VISIT', 'A11', 'v4', [pv1()]));
    expect(await search(t.service, url)).toMatchObject([{ status: 'cancelled' }]);
  });

  it('merges (A40) by linking both records and retiring the merged one, keeping both', async () => {
    await p.process(admit('M1', 'KEEPER'));
    await p.process(admit('M2', 'DUPLICATE'));
    const merge = hl7(
      'MSH|^~\\&|PAS|RXH|HEARTWOOD|NHS|20240301100000+0000||ADT^A40^ADT_A39|MERGE-1|P|2.5.1',
      'EVN|A40|20240301100000',
      'PID|1||M1^^^RXH^MR||KEEPER^ANNE',
      'MRG|M2^^^RXH^MR',
    );
    const r = await p.process(merge);
    expect(r.code).toBe('AA');
    const [keeper] = (await search(t.service, `Patient?${MR('M1')}`)) as Json[];
    const [merged] = (await search(t.service, `Patient?${MR('M2')}`)) as Json[];
    expect(merged).toMatchObject({
      active: false,
      name: [{ family: 'DUPLICATE' }],
      birthDate: '1970-01-01',
      link: [{ other: { reference: `Patient/${keeper!.id}` }, type: 'replaced-by' }],
    });
    expect(keeper).toMatchObject({
      active: true,
      gender: 'female',
      link: [{ other: { reference: `Patient/${merged!.id}` }, type: 'replaces' }],
    });
    // The merge again changes nothing; a later A08 keeps the links that belong to the merge.
    expect((await p.process(merge)).code).toBe('AA');
    await p.process(admit('M1', 'KEEPER-RENAMED', 'A08'));
    await p.process(admit('M2', 'DUPLICATE', 'A08'));
    const [keeper2] = (await search(t.service, `Patient?${MR('M1')}`)) as Json[];
    const [merged2] = (await search(t.service, `Patient?${MR('M2')}`)) as Json[];
    expect(keeper2).toMatchObject({ name: [{ family: 'KEEPER-RENAMED' }], link: keeper!.link });
    expect(merged2).toMatchObject({ active: false, link: merged!.link });
  });

  it('creates a patient from a result only when the ADT feed has not: demographics are never thinned', async () => {
    await p.process(admit('R1', 'RESULTS'));
    const oru = hl7(
      'MSH|^~\\&|LIMS|RXH|HEARTWOOD|NHS|20240301110000+0000||ORU^R01^ORU_R01|ORU-1|P|2.5.1',
      'PID|1||R1^^^RXH^MR||OTHERNAME',
      'OBR|1||F77^LIMS|2345-7^Glucose^LN|||20240301100000+0000',
      'OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L^^UCUM|3.9-5.8|N|||F',
    );
    expect((await p.process(oru)).code).toBe('AA');
    const [patient] = (await search(t.service, `Patient?${MR('R1')}`)) as Json[];
    expect(patient).toMatchObject({ name: [{ family: 'RESULTS' }], meta: { versionId: '1' } });
    const [report] = (await search(
      t.service,
      `DiagnosticReport?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/LIMS|F77')}`,
    )) as Json[];
    expect(report!.subject.reference).toBe(`Patient/${patient!.id}`);
    const observation = (await t.service.handle({ method: 'GET', url: report!.result[0].reference })).body!;
    expect(JSON.parse(observation)).toMatchObject({
      valueQuantity: { value: 5.4, system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      subject: { reference: `Patient/${patient!.id}` },
    });
  });

  it('answers AE with ERR and keeps the message as an error when a required value is missing', async () => {
    const r = await p.process(hl7('MSH|^~\\&|PAS|RXH|||20240301||ADT^A01|NOID|P|2.5.1', 'PID|1||||NONAME'));
    expect(r).toMatchObject({ code: 'AE', errorCode: '101' });
    const ack = parseHl7Message(r.ack);
    expect(ack.get('MSA-2')).toBe('NOID');
    expect(ack.get('ERR-2')).toBe('PID');
    expect(ack.get('ERR-2.3')).toBe('3');
    expect(ack.get('ERR-8')).toMatch(/PID-3/);
    expect(await getInboxMessage(t.opened.driver, r.inboxId!)).toMatchObject({
      status: 'error',
      reason: r.reason,
    });
  });

  it.each([
    ['an unsupported type', hl7('MSH|^~\\&|X|Y|||20240301||SIU^S12|S1|P|2.5'), /SIU is not supported/],
    [
      'an unsupported ADT event',
      hl7('MSH|^~\\&|X|Y|||20240301||ADT^A06|S2|P|2.5'),
      /ADT\^A06 is not supported/,
    ],
    ['text that is not HL7', 'hello, world', /does not start with an MSH/],
    ['a message without a control id', hl7('MSH|^~\\&|X|Y|||20240301||ADT^A01||P|2.5'), /MSH-10/],
  ])('answers AR for %s and keeps it as rejected', async (_what, text, reason) => {
    const r = await p.process(text);
    expect(r.code).toBe('AR');
    expect(r.reason).toMatch(reason);
    expect(parseHl7Message(r.ack).get('MSA-1')).toBe('AR');
    expect(await getInboxMessage(t.opened.driver, r.inboxId!)).toMatchObject({
      status: 'rejected',
      raw: text,
    });
  });

  it('keeps binary junk readable in the inbox (NUL cannot be stored as text)', async () => {
    const r = await p.process(Buffer.from([0x4d, 0x53, 0x48, 0x00, 0xff, 0x01]));
    expect(r.code).toBe('AR');
    const row = await getInboxMessage(t.opened.driver, r.inboxId!);
    expect(row!.raw).toContain('\u2400');
  });

  it('makes messages about the same new patient take turns, so they make one record', async () => {
    const [a, b] = await Promise.all([
      p.process(admit('C1', 'TWIN', 'A04', 'c1')),
      p.process(admit('C1', 'TWIN', 'A08', 'c2')),
    ]);
    expect([a.code, b.code]).toEqual(['AA', 'AA']);
    expect(await search(t.service, `Patient?${MR('C1')}`)).toHaveLength(1);
  });
});

describe('createHl7v2Processor (what it remembers, and messages at the same time)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(async () => t?.opened.store.close());

  /** The service, with every request it is given kept. */
  function watched() {
    const requests: FhirRequest[] = [];
    const service = {
      handle: (r: FhirRequest) => {
        requests.push(structuredClone(r));
        return t.service.handle(r);
      },
    };
    return { service, requests };
  }
  const posted = (requests: FhirRequest[]) =>
    requests.filter((r) => r.method === 'POST').map((r) => r.body as Json);

  it('reads a patient again when someone else changed it since, keeping their change', async () => {
    const p = createHl7v2Processor({ service: t.service, driver: t.opened.driver });
    expect((await p.process(admit('S1', 'STALE'))).code).toBe('AA');
    const [other] = (await search(t.service, `Patient?${MR('S1')}`)) as Json[];
    const seeAlso = await t.service.handle({
      method: 'POST',
      url: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'ELSEWHERE' }] },
    });
    const seeAlsoId = seeAlso.location!.split('/')[1];
    await t.service.handle({
      method: 'PUT',
      url: `Patient/${other!.id}`,
      body: {
        ...other!,
        resourceType: 'Patient',
        link: [{ other: { reference: `Patient/${seeAlsoId}` }, type: 'seealso' }],
      },
    });

    expect((await p.process(admit('S1', 'STALE-RENAMED', 'A08'))).code).toBe('AA');
    const [after] = (await search(t.service, `Patient?${MR('S1')}`)) as Json[];
    expect(after).toMatchObject({
      name: [{ family: 'STALE-RENAMED' }],
      link: [{ other: { reference: `Patient/${seeAlsoId}` }, type: 'seealso' }],
    });
  });

  it('writes what it wrote before by id, and refers to shared records it has seen by id', async () => {
    const { service, requests } = watched();
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    const pv1 = 'PV1|1|I|W1^B1^1|||||D9^WHO^DOCTOR^^^^^^RXH|||||||||||V90^^^RXH^VN';
    expect((await p.process(admit('W1', 'WRITTEN', 'A01', 'w1', [pv1]))).code).toBe('AA');
    expect((await p.process(admit('W1', 'WRITTEN', 'A08', 'w2', [pv1]))).code).toBe('AA');
    // The second message: no look-up of the patient, no conditional writes, no shared records re-made.
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    const [first, second] = posted(requests) as [Json, Json];
    const requestsOf = (b: Json) => b.entry.map((e: Json) => `${e.request.method} ${e.request.url}`);
    expect(requestsOf(first).some((u: string) => u.startsWith('POST Practitioner'))).toBe(true);
    expect(requestsOf(second).some((u: string) => u.includes('?') || u.startsWith('POST'))).toBe(false);
    const [doctor] = (await search(t.service, 'Practitioner?family=WHO')) as Json[];
    const encounter = second.entry.find((e: Json) => e.resource.resourceType === 'Encounter');
    expect(encounter.request.ifMatch).toBe('W/"1"');
    expect(JSON.stringify(encounter.resource)).toContain(`"Practitioner/${doctor!.id}"`);
    expect(await search(t.service, 'Practitioner?family=WHO')).toHaveLength(1);
  });

  it('looks up both patients of a merge in one search', async () => {
    const seed = createHl7v2Processor({ service: t.service, driver: t.opened.driver });
    await seed.process(admit('J1', 'JOINED'));
    await seed.process(admit('J2', 'JOINED-DUPLICATE'));
    const { service, requests } = watched();
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    const merge = hl7(
      'MSH|^~\\&|PAS|RXH|HEARTWOOD|NHS|20240301100000+0000||ADT^A40^ADT_A39|JOIN-1|P|2.5.1',
      'PID|1||J1^^^RXH^MR||JOINED^ANNE',
      'MRG|J2^^^RXH^MR',
    );
    expect((await p.process(merge)).code).toBe('AA');
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    const [merged] = (await search(t.service, `Patient?${MR('J2')}`)) as Json[];
    expect(merged).toMatchObject({ active: false, name: [{ family: 'JOINED-DUPLICATE' }] });
  });

  it('does not make a message wait for one about other records', async () => {
    // The first message's transaction is held until the second one's arrives: were messages taken one
    // at a time, neither would ever finish.
    let holding = false;
    let second!: () => void;
    const secondArrived = new Promise<void>((resolve) => (second = resolve));
    const service = {
      handle: async (r: FhirRequest) => {
        if (holding && r.method === 'POST') {
          holding = false;
          await secondArrived;
        } else if (r.method === 'POST') second();
        return t.service.handle(r);
      },
    };
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    // The sender's own records (Organization, Device) are found or made by its first message; until
    // then, messages from it take turns on them.
    expect((await p.process(admit('P0', 'SENDER'))).code).toBe('AA');
    holding = true;
    const [a, b] = await Promise.all([
      p.process(admit('P1', 'FIRST', 'A04', 'p1')),
      p.process(admit('P2', 'SECOND', 'A04', 'p2')),
    ]);
    expect([a.code, b.code]).toEqual(['AA', 'AA']);
  });
});

describe('createHl7v2Processor (failure paths)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(async () => t?.opened.store.close());

  it('answers AE with the FHIR reason when the records are refused, naming the record not the Bundle entry', async () => {
    const service = {
      handle: async (r: FhirRequest) => {
        if (r.method === 'GET') return t.service.handle(r);
        throw errors.badRequest('Bundle.entry[3]: Patient.birthDate "1970-13-01" is not a valid date');
      },
    };
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    const r = await p.process(admit('F1', 'FAIL'));
    expect(r).toMatchObject({ code: 'AE', errorCode: '102' });
    expect(r.reason).toBe(
      'The FHIR records made from the message are not valid: Patient.birthDate "1970-13-01" is not a valid date',
    );
    expect(await getInboxMessage(t.opened.driver, r.inboxId!)).toMatchObject({ status: 'error' });
  });

  it('writes messages ready together in one transaction, and each alone again if that one fails', async () => {
    const posts: string[][] = [];
    const gate: { hold?: Promise<void> } = {};
    const service = {
      handle: async (r: FhirRequest) => {
        if (r.method === 'POST') {
          const families: string[] = JSON.stringify(r.body).match(/GROUP-[A-Z]+/g) ?? [];
          posts.push([...new Set(families)].sort());
          // The first write waits a moment, so the messages behind it are ready and go together.
          if (gate.hold) await gate.hold;
          if (families.includes('GROUP-BAD')) throw errors.badRequest('Patient.name: GROUP-BAD is refused');
        }
        return t.service.handle(r);
      },
    };
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    expect((await p.process(admit('G0', 'GROUP-SENDER'))).code).toBe('AA');
    posts.length = 0;
    gate.hold = new Promise((resolve) => setTimeout(resolve, 200));
    const first = p.process(admit('G1', 'GROUP-ONE', 'A04', 'g1'));
    const [one, bad, two] = await Promise.all([
      first,
      p.process(admit('G2', 'GROUP-BAD', 'A04', 'g2')),
      p.process(admit('G3', 'GROUP-TWO', 'A04', 'g3')),
    ]);
    expect([one.code, bad.code, two.code]).toEqual(['AA', 'AE', 'AA']);
    expect(bad.reason).toContain('GROUP-BAD is refused');
    expect(await getInboxMessage(t.opened.driver, two.inboxId!)).toMatchObject({ status: 'accepted' });
    expect(await getInboxMessage(t.opened.driver, bad.inboxId!)).toMatchObject({ status: 'error' });
    for (const [id, n] of [
      ['G1', 1],
      ['G2', 0],
      ['G3', 1],
    ] as const) {
      expect(await search(t.service, `Patient?${MR(id)}`)).toHaveLength(n);
    }
    // Each stored message keeps its own Provenance, naming its own records.
    const provenances = await search(t.service, 'Provenance?_count=1000');
    for (const id of ['G1', 'G3']) {
      const [patient] = await search(t.service, `Patient?${MR(id)}`);
      const naming = provenances.filter((pr) =>
        JSON.stringify(pr.target).includes(`"Patient/${String(patient!.id)}"`),
      );
      expect(naming).toHaveLength(1);
    }
    // Whatever the timing, every message reached the store: together, alone, or both.
    expect(posts.flat()).toEqual(expect.arrayContaining(['GROUP-ONE', 'GROUP-BAD', 'GROUP-TWO']));
  });

  it('audits each message of a shared transaction as an interaction of its own', async () => {
    const shared: (readonly number[] | undefined)[] = [];
    const gate: { hold?: Promise<void> } = {};
    const service = {
      handle: async (r: FhirRequest) => {
        if (r.method === 'POST') {
          shared.push(r.auditParts);
          if (gate.hold) await gate.hold;
        }
        return t.service.handle(r);
      },
    };
    const p = createHl7v2Processor({ service, driver: t.opened.driver });
    expect((await p.process(admit('H0', 'PARTS-SENDER'))).code).toBe('AA');
    const before = await t.opened.driver.query<{ s: string }>(
      'SELECT coalesce(max(seq), 0)::text AS s FROM audit_record',
    );
    shared.length = 0;
    gate.hold = new Promise((resolve) => setTimeout(resolve, 200));
    const codes = await Promise.all(
      ['H1', 'H2', 'H3'].map((id, i) => p.process(admit(id, `PARTS-${id}`, 'A04', `h${i}`))),
    );
    expect(codes.map((c) => c.code)).toEqual(['AA', 'AA', 'AA']);
    // The first went alone; the two that waited for it shared the next transaction.
    expect(shared).toEqual([undefined, [expect.any(Number), expect.any(Number)]]);
    const patients = await Promise.all(
      ['H1', 'H2', 'H3'].map(async (id) => String((await search(t.service, `Patient?${MR(id)}`))[0]!.id)),
    );
    const records = await t.opened.driver.query<{ patient_ids: string[]; content: string }>(
      `SELECT patient_ids, content FROM audit_record WHERE seq > $1::bigint AND subtype = 'transaction'`,
      [before.rows[0]!.s],
    );
    expect(records.rows).toHaveLength(3);
    for (const patient of patients) {
      const naming = records.rows.filter((r) => r.patient_ids.includes(patient));
      expect(naming).toHaveLength(1);
      // Each names only its own patient, and what it wrote is in its own record.
      expect(naming[0]!.patient_ids).toEqual([patient]);
      expect(naming[0]!.content).toContain(`Patient/${patient}/_history/`);
      for (const other of patients.filter((o) => o !== patient))
        expect(naming[0]!.content).not.toContain(other);
    }
  });

  it('maps the message again when a record changed between reading and writing (412)', async () => {
    let conflicts = 1;
    const service = {
      handle: async (r: FhirRequest) => {
        if (r.method === 'POST' && conflicts-- > 0)
          throw errors.versionConflict('Patient/x is at version 2, not 1.');
        return t.service.handle(r);
      },
    };
    const r = await createHl7v2Processor({ service, driver: t.opened.driver }).process(admit('F2', 'RETRY'));
    expect(r.code).toBe('AA');
  });

  it('never answers AA when the inbox cannot be written', async () => {
    const down = async () => {
      throw new Error('database is down');
    };
    const broken: SqlExecutor = { query: down, copyRows: down };
    const r = await createHl7v2Processor({ service: t.service, driver: broken }).process(admit('F3', 'DOWN'));
    expect(r).toMatchObject({ code: 'AE', errorCode: '207' });
    expect(r.inboxId).toBeUndefined();
    expect(await search(t.service, `Patient?${MR('F3')}`)).toHaveLength(0);
  });
});
