import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/file-import/index.js';
import { createMllpDecoder, createMllpServer, frameMessage } from '../../src/ingest/hl7v2/index.js';
import type { MllpServer } from '../../src/ingest/hl7v2/index.js';
import { drainPatientLinker } from '../../src/operations/index.js';
import { fhirClient } from '../support/fhir-client.js';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * One person, three systems: the GP sends a FHIR transaction, the hospital HL7 v2 over MLLP, the
 * pharmacy an NDJSON file. Each has its own local id and its own spelling of her; after the linker has
 * run, any of the three ids opens the whole record.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const NHS_NUMBER = '9991008225';
const SCT = 'http://snomed.info/sct';
const PENICILLIN = { coding: [{ system: SCT, code: '373270004', display: 'Penicillin' }] };
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;
let mllp: MllpServer;
let port: number;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
  mllp = createMllpServer({ service: t.service, driver: t.opened.driver, maxMessageBytes: 64 * 1024 });
  ({ port } = await mllp.listen(0, '127.0.0.1'));
  dir = await mkdtemp(join(tmpdir(), 'heartwood-single-record-'));
});
afterAll(async () => {
  await mllp?.close(1000);
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Sends the messages over one MLLP connection and returns their ACKs' MSA-1 codes. */
async function sendOverMllp(messages: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = createMllpDecoder(1 << 20);
  const acks: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.push(chunk)) if (e.kind === 'message') acks.push(e.bytes.toString('utf8'));
      if (acks.length === messages.length) resolve();
    });
    socket.once('error', reject);
  });
  for (const m of messages) socket.write(frameMessage(m.split('\n').join('\r')));
  await done;
  socket.end();
  return acks.map((a) => /MSA\|([A-Z]{2})/.exec(a)?.[1] ?? '?');
}

const ids = (bundle: Json) =>
  (bundle.entry as Json[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

describe('a single record from three sources', () => {
  let gp: string;
  let hospital: string;
  const pharmacy = 'pharm-5521';

  it('takes the GP record as a FHIR transaction', async () => {
    const r = await c.post('/fhir', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:5b0a4a80-0000-4000-8000-000000000001',
          resource: { resourceType: 'Organization', name: 'Riverside Surgery' },
          request: { method: 'POST', url: 'Organization' },
        },
        {
          fullUrl: 'urn:uuid:5b0a4a80-0000-4000-8000-000000000002',
          resource: {
            resourceType: 'Patient',
            meta: { source: 'https://gp.example/riverside' },
            identifier: [
              { system: NHS, value: NHS_NUMBER },
              { system: 'https://gp.example/riverside/patient', value: 'G-0042' },
            ],
            name: [{ family: 'Whitfield', given: ['Eleanor', 'May'] }],
            gender: 'female',
            birthDate: '1958-04-12',
            address: [{ line: ['14 Orchard Way'], city: 'Harrogate', postalCode: 'HG1 2AB' }],
            managingOrganization: { reference: 'urn:uuid:5b0a4a80-0000-4000-8000-000000000001' },
          },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:5b0a4a80-0000-4000-8000-000000000003',
          resource: {
            resourceType: 'AllergyIntolerance',
            meta: { source: 'https://gp.example/riverside' },
            clinicalStatus: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
                  code: 'active',
                },
              ],
            },
            verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
            code: PENICILLIN,
            patient: { reference: 'urn:uuid:5b0a4a80-0000-4000-8000-000000000002' },
          },
          request: { method: 'POST', url: 'AllergyIntolerance' },
        },
      ],
    });
    expect(r.status).toBe(200);
    const location = (r.json().entry as Json[])[1]!.response.location as string;
    gp = /Patient\/([^/]+)/.exec(location)![1]!;
  });

  it('takes the hospital record as HL7 v2 ADT^A04 and ORU^R01 over MLLP', async () => {
    const a04 = [
      'MSH|^~\\&|PAS|RXH^Royal Example Hospital|HEARTWOOD|HW|20250301101500||ADT^A04^ADT_A01|SR-A04-1|P|2.4',
      'EVN|A04|20250301101500',
      'PID|1||RXH778812^^^RXH^MR~999 100 8225^^^NHS^NH||WHITFIELD^ELLIE||19580412|F|||14 ORCHARD WAY^^HARROGATE^^HG12AB',
      'PV1|1|O',
      'AL1|1|DA|373270004^Penicillin^SCT|MO|Rash',
    ].join('\n');
    const oru = [
      'MSH|^~\\&|LAB|RXH^Royal Example Hospital|HEARTWOOD|HW|20250302090000||ORU^R01^ORU_R01|SR-ORU-1|P|2.4',
      'PID|1||RXH778812^^^RXH^MR~9991008225^^^NHS^NH||WHITFIELD^ELLIE||19580412|F',
      'OBR|1|ORD-77|LAB-77|4548-4^HbA1c^LN|||20250302080000',
      'OBX|1|NM|4548-4^Hemoglobin A1c^LN||48|mmol/mol|20-41|H|||F',
    ].join('\n');
    expect(await sendOverMllp([a04, oru])).toEqual(['AA', 'AA']);

    const found = (await c.get(`Patient?identifier=${encodeURIComponent(`${NHS}|${NHS_NUMBER}`)}`)).json();
    const others = (found.entry as Json[]).map((e) => e.resource.id as string).filter((id) => id !== gp);
    expect(others).toHaveLength(1);
    hospital = others[0]!;
  });

  it('takes the pharmacy record as an NDJSON import', async () => {
    const file = join(dir, 'pharmacy.ndjson');
    const lines = [
      {
        resourceType: 'Patient',
        id: pharmacy,
        meta: { source: 'https://pharmacy.example/store-12' },
        identifier: [{ system: NHS, value: NHS_NUMBER }],
        name: [{ family: 'Whitfeld', given: ['Eleanor'] }],
        gender: 'female',
        birthDate: '1958-04-12',
        address: [{ postalCode: 'HG1 2AB' }],
      },
      {
        resourceType: 'AllergyIntolerance',
        id: 'pharm-5521-allergy-1',
        meta: { source: 'https://pharmacy.example/store-12' },
        verificationStatus: { coding: [{ system: VERIFICATION, code: 'refuted' }] },
        code: PENICILLIN,
        patient: { reference: `Patient/${pharmacy}` },
        note: [{ text: 'Tolerated amoxicillin course in 2019.' }],
      },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const summary = await importFiles({ service: t.service, paths: [file] });
    expect(summary.failures).toEqual([]);
    expect(summary.created).toBe(2);
  });

  it('the linker joins the three records, and any of the ids opens the whole record', async () => {
    // Before linking, each id is its own record.
    expect(ids((await c.get(`Patient/${pharmacy}/$everything`)).json())).not.toContain(`Patient/${gp}`);
    await drainPatientLinker(t.opened);

    const everything = await Promise.all(
      [gp, hospital, pharmacy].map(async (id) => {
        const r = await c.get(`Patient/${id}/$everything`);
        expect(r.status).toBe(200);
        return ids(r.json());
      }),
    );
    for (const list of everything) {
      expect(list).toEqual(
        expect.arrayContaining([`Patient/${gp}`, `Patient/${hospital}`, `Patient/${pharmacy}`]),
      );
      expect(list.filter((x) => x.startsWith('AllergyIntolerance/'))).toHaveLength(3);
      expect(list.filter((x) => x.startsWith('Observation/')).length).toBeGreaterThanOrEqual(1);
      expect(new Set(list).size).toBe(list.length);
      expect([...list].sort()).toEqual([...everything[0]!].sort());
    }
  });

  it('$summary lists the shared allergy once, with every source, and flags the conflict', async () => {
    const r = await c.get(`Patient/${hospital}/$summary`);
    expect(r.status).toBe(200);
    const composition = (r.json().entry as Json[])[0]!.resource;
    const allergies = (composition.section as Json[]).find((s) => s.code.coding[0].code === '48765-2')!;
    const items = String(allergies.text.div).match(/<li>.*?<\/li>/g) ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]).toContain('Penicillin');
    expect(items[0]).toContain('Conflicting records: refuted by');
    expect(allergies.entry).toHaveLength(3);
  });

  it('keeps Provenance for what the HL7 feed wrote', async () => {
    const r = await c.get(`Provenance?target=Patient/${hospital}`);
    expect(r.status).toBe(200);
    const provenance = (r.json().entry as Json[]).map((e) => e.resource);
    expect(provenance.length).toBeGreaterThanOrEqual(2);
    expect(provenance.map((p) => p.activity.text).sort()).toEqual(['HL7 v2 ADT^A04', 'HL7 v2 ORU^R01']);
  });
});
