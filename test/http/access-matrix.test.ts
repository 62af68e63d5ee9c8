import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentResource } from '../../src/consent/index.js';
import { createPrng, createTestNhsNumbers } from '../../src/demo/index.js';
import { fhirClient, uid } from '../support/fhir-client.js';
import { bearer, createTestApp } from '../support/test-app.js';
import type { TestApp, TokenRequest } from '../support/test-app.js';

/**
 * Every role against their own and others' records, on every path a resource can leave by: read,
 * vread, search with _include/_revinclude, chains, _has, totals, history, $everything and $summary.
 * Each role's expected view is written out; anything else that comes back is a leak.
 */

const PSY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' };
const SAFEGUARDING = {
  system: 'https://heartwood.nhs.example/fhir/CodeSystem/sensitivity',
  code: 'safeguarding',
};

let t: TestApp;
let fhir: ReturnType<typeof fhirClient>;
const ids = {
  practice: uid(),
  otherPractice: uid(),
  hospital: uid(),
  strangerHospital: uid(),
  gp: uid(),
  consultant: uid(),
  stranger: uid(),
  p1: uid(),
  p2: uid(),
  carer: uid(),
  encounter: uid(),
  plain: uid(),
  mental: uid(),
  safeguarding: uid(),
  allergy: uid(),
  other: uid(),
};
const code = `access-${uid().slice(0, 8)}`;
const mentalCode = `${code}-psy`;
/** From the 999 test range, with a valid check digit; drawn afresh each run so runs never collide. */
const NHS = createTestNhsNumbers(createPrng(Date.now() % 1_000_000_007))();

const ROLES: Record<string, TokenRequest> = {
  patient: { role: 'patient', patient: ids.p1, person: `Patient/${ids.p1}`, scope: 'patient/*.cruds' },
  proxy: { role: 'proxy', person: `RelatedPerson/${ids.carer}`, patient: ids.p1, scope: 'patient/*.rs' },
  gp: { role: 'gp', person: `Practitioner/${ids.gp}`, organization: ids.practice },
  consultant: { role: 'clinician', person: `Practitioner/${ids.consultant}`, organization: ids.hospital },
  stranger: { role: 'clinician', person: `Practitioner/${ids.stranger}`, organization: ids.strangerHospital },
  privacy: { role: 'privacy-officer', person: `Practitioner/${uid()}` },
  analyst: { role: 'analyst' },
  admin: { role: 'admin', person: `Practitioner/${uid()}` },
};
const headers: Record<string, Record<string, string>> = {};

/** What each role should see of the two patients' records. */
const EXPECTED: Record<string, string[]> = {
  patient: ['p1', 'encounter', 'plain', 'mental', 'allergy'],
  proxy: ['p1', 'plain'],
  gp: ['p1', 'encounter', 'plain', 'mental', 'safeguarding', 'allergy'],
  consultant: ['p1', 'encounter', 'plain', 'allergy'],
  stranger: [],
  privacy: [],
  analyst: [],
  admin: [],
};
const RECORD_KEYS = ['p1', 'p2', 'encounter', 'plain', 'mental', 'safeguarding', 'allergy', 'other'] as const;
const TYPE_OF: Record<string, string> = {
  p1: 'Patient',
  p2: 'Patient',
  encounter: 'Encounter',
  plain: 'Observation',
  mental: 'Observation',
  safeguarding: 'Observation',
  allergy: 'AllergyIntolerance',
  other: 'Observation',
};
const keyOf = (type: string, id: string) =>
  RECORD_KEYS.find((k) => TYPE_OF[k] === type && ids[k] === id) ?? `${type}/${id}`;

function observation(id: string, patient: string, obsCode: string, security?: object) {
  return {
    resourceType: 'Observation',
    id,
    ...(security ? { meta: { security: [security] } } : {}),
    status: 'final',
    code: { coding: [{ system: 'http://heartwood.test/code', code: obsCode }] },
    subject: { reference: `Patient/${patient}` },
    valueString: 'recorded',
  };
}

async function returned(role: string, url: string): Promise<{ status: number; keys: string[] }> {
  const r = await fhir.get(url, headers[role]);
  if (r.status !== 200) return { status: r.status, keys: [] };
  const body = r.json() as {
    resourceType: string;
    entry?: { resource: { resourceType: string; id: string } }[];
  };
  const resources =
    body.resourceType === 'Bundle' ? (body.entry ?? []).map((e) => e.resource) : [body as never];
  const keys = resources
    .filter((x) => x && x.resourceType !== 'OperationOutcome' && x.resourceType !== 'Composition')
    .map((x) => keyOf(x.resourceType, x.id))
    .filter((k) => (RECORD_KEYS as readonly string[]).includes(k));
  return { status: r.status, keys: [...new Set(keys)].sort() };
}

const visible = (role: string, among: readonly string[]) =>
  EXPECTED[role]!.filter((k) => among.includes(k)).sort();

beforeAll(async () => {
  t = await createTestApp();
  fhir = fhirClient(t.app);
  for (const [role, request] of Object.entries(ROLES))
    headers[role] = { authorization: await bearer(request) };
  const put = async (resource: Record<string, unknown>) => {
    const r = await fhir.put(`${String(resource.resourceType)}/${String(resource.id)}`, resource);
    expect(r.status, r.body).toBeLessThan(300);
  };
  const recent = new Date(Date.now() - 5 * 86_400_000).toISOString();
  for (const [id, name] of [
    [ids.practice, 'Practice'],
    [ids.otherPractice, 'Other practice'],
    [ids.hospital, 'Hospital'],
    [ids.strangerHospital, 'Far hospital'],
  ] as const) {
    await put({ resourceType: 'Organization', id, name });
  }
  await put({
    resourceType: 'Patient',
    id: ids.p1,
    name: [{ family: `Matrix${code}`, given: ['Ann'] }],
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS }],
    generalPractitioner: [{ reference: `Organization/${ids.practice}` }],
  });
  await put({
    resourceType: 'Patient',
    id: ids.p2,
    name: [{ family: `Other${code}`, given: ['Bob'] }],
    generalPractitioner: [{ reference: `Organization/${ids.otherPractice}` }],
  });
  await put({
    resourceType: 'Encounter',
    id: ids.encounter,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${ids.p1}` },
    serviceProvider: { reference: `Organization/${ids.hospital}` },
    period: { start: recent, end: recent },
  });
  await put(observation(ids.plain, ids.p1, code));
  await put(observation(ids.mental, ids.p1, mentalCode, PSY));
  await put(observation(ids.safeguarding, ids.p1, code, SAFEGUARDING));
  await put(observation(ids.other, ids.p2, code));
  await put({
    resourceType: 'AllergyIntolerance',
    id: ids.allergy,
    patient: { reference: `Patient/${ids.p1}` },
    code: { text: 'Penicillin' },
  });
  await put({ resourceType: 'RelatedPerson', id: ids.carer, patient: { reference: `Patient/${ids.p1}` } });
  const grant = consentResource({
    kind: 'proxy-access',
    patientId: ids.p1,
    relatedPersonId: ids.carer,
    resourceTypes: ['Observation'],
    period: { start: '2020-01-01', end: '2099-01-01' },
  });
  expect((await fhir.post('Consent', grant)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('access matrix', () => {
  const roles = Object.keys(ROLES);

  it.each(roles)('%s: a read returns only what the role may see, and 403 otherwise', async (role) => {
    for (const key of RECORD_KEYS) {
      const r = await fhir.get(`${TYPE_OF[key]}/${ids[key]}`, headers[role]);
      const allowed = EXPECTED[role]!.includes(key);
      expect(r.status, `${role} reading ${key}`).toBe(allowed ? 200 : 403);
      if (!allowed) expect(r.json().resourceType).toBe('OperationOutcome');
      const v = await fhir.get(`${TYPE_OF[key]}/${ids[key]}/_history/1`, headers[role]);
      expect(v.status, `${role} vread ${key}`).toBe(allowed ? 200 : 403);
    }
  });

  it.each(roles)('%s: searches, includes, chains and _has never go beyond the role', async (role) => {
    const obs = ['plain', 'mental', 'safeguarding', 'other'];
    expect((await returned(role, `Observation?code=${code},${mentalCode}`)).keys).toEqual(visible(role, obs));
    expect(
      (await returned(role, `Observation?code=${code},${mentalCode}&_include=Observation:subject`)).keys,
    ).toEqual(visible(role, [...obs, 'p1', 'p2']));
    expect(
      (
        await returned(
          role,
          `Patient?_id=${ids.p1},${ids.p2}&_revinclude=Observation:subject&_revinclude=Encounter:subject`,
        )
      ).keys,
    ).toEqual(visible(role, ['p1', 'p2', 'encounter', ...obs]));
    // A chain to a patient the role cannot see matches nothing.
    expect((await returned(role, `Observation?subject:Patient.family=Other${code}`)).keys).toEqual(
      visible(role, ['other']),
    );
    // _has through an entry the role cannot see does not reveal that the patient has it.
    const has = await returned(role, `Patient?_has:Observation:subject:code=${mentalCode}`);
    expect(has.keys).toEqual(EXPECTED[role]!.includes('mental') ? ['p1'] : []);
    // Totals count only visible rows.
    const count = await fhir.get(`Observation?code=${code},${mentalCode}&_summary=count`, headers[role]);
    expect(count.json().total).toBe(visible(role, obs).length);
    // _type search across types.
    expect(
      (await returned(role, `?_type=Observation,AllergyIntolerance&code=${code},${mentalCode}`)).keys,
    ).toEqual(visible(role, obs));
  });

  it.each(roles)('%s: history shows only visible versions', async (role) => {
    const type = await returned(role, `Observation/_history?_count=1000`);
    expect(type.keys).toEqual(visible(role, ['plain', 'mental', 'safeguarding', 'other']));
    const instance = await returned(role, `Observation/${ids.mental}/_history`);
    const sees = EXPECTED[role]!.includes('mental');
    expect(instance.status).toBe(sees ? 200 : 403);
    expect(instance.keys).toEqual(sees ? ['mental'] : []);
  });

  it.each(roles)(
    '%s: $everything and $summary on a record the role may not see are refused',
    async (role) => {
      for (const op of ['$everything', '$summary']) {
        const own = await returned(role, `Patient/${ids.p1}/${op}`);
        const mayUse = ['patient', 'proxy', 'gp', 'consultant'].includes(role);
        if (!mayUse) {
          expect(own.status, `${role} ${op}`).toBe(403);
          continue;
        }
        expect(own.status, `${role} ${op}`).toBe(200);
        for (const k of own.keys) expect(EXPECTED[role], `${role} ${op} returned ${k}`).toContain(k);
        expect((await returned(role, `Patient/${ids.p2}/${op}`)).status).toBe(403);
      }
    },
  );

  it('compartment searches follow the same rule', async () => {
    expect((await returned('consultant', `Patient/${ids.p1}/Observation`)).keys).toEqual(['plain']);
    expect((await returned('gp', `Patient/${ids.p1}/Observation`)).keys).toEqual([
      'mental',
      'plain',
      'safeguarding',
    ]);
    expect((await returned('consultant', `Patient/${ids.p2}/Observation`)).status).toBe(403);
  });

  it('bulk export is for backend services and analysts only', async () => {
    for (const role of ['patient', 'gp', 'consultant', 'privacy', 'admin']) {
      const r = await fhir.get('$export', { ...headers[role], prefer: 'respond-async' });
      expect(r.status, role).toBe(403);
    }
  });

  it('a request without a valid token gets 401', async () => {
    const r = await t.injectWithoutToken({ method: 'GET', url: `/fhir/Patient/${ids.p1}` });
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body).resourceType).toBe('OperationOutcome');
  });
});

describe('writes', () => {
  it('a patient records their own choices but not in anyone else’s record', async () => {
    const own = consentResource({ kind: 'national-data-opt-out', patientId: ids.p1 });
    expect((await fhir.post('Consent', own, headers.patient)).status).toBe(201);
    const other = consentResource({ kind: 'national-data-opt-out', patientId: ids.p2 });
    expect((await fhir.post('Consent', other, headers.patient)).status).toBe(403);
    const obs = observation(uid(), ids.p1, code);
    expect((await fhir.post('Observation', obs, headers.patient)).status).toBe(403);
  });

  it('a clinician writes only into records they have a relationship with', async () => {
    expect(
      (await fhir.post('Observation', observation(uid(), ids.p1, `${code}-w`), headers.consultant)).status,
    ).toBe(201);
    expect(
      (await fhir.post('Observation', observation(uid(), ids.p2, `${code}-w`), headers.consultant)).status,
    ).toBe(403);
    const hidden = { ...observation(ids.mental, ids.p1, mentalCode, PSY), valueString: 'changed' };
    expect((await fhir.put(`Observation/${ids.mental}`, hidden, headers.consultant)).status).toBe(403);
  });

  it('a transaction changing one record the clinician may see and one they may not is refused whole', async () => {
    const mine = { ...observation(ids.plain, ids.p1, code), valueString: 'mine' };
    const theirs = { ...observation(ids.other, ids.p2, code), valueString: 'theirs' };
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [mine, theirs].map((resource) => ({
        resource,
        request: { method: 'PUT', url: `Observation/${resource.id}` },
      })),
    };
    const r = await fhir.post('', bundle, headers.consultant);
    expect(r.status).toBe(403);
    expect(r.json().issue[0].details.coding[0].code).toBe('HW-POL-002');
    expect((await fhir.get(`Observation/${ids.plain}`)).json().valueString).not.toBe('mine');
    const gone = await fhir.delete(`Observation/${ids.other}`, headers.consultant);
    expect(gone.status).toBe(403);
    expect((await fhir.get(`Observation/${ids.other}`)).status).toBe(200);
  });

  it('nobody but Heartwood writes audit events', async () => {
    const event = {
      resourceType: 'AuditEvent',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      recorded: new Date().toISOString(),
      agent: [{ requestor: true, who: { display: 'Someone' } }],
      source: { observer: { display: 'Elsewhere' } },
    };
    expect((await fhir.post('AuditEvent', event, headers.gp)).status).toBe(403);
  });
});

describe('break glass', () => {
  it('opens a record for a clinician without a relationship, with a reason, and queues it for review', async () => {
    const denied = await fhir.get(`Patient/${ids.p1}`, headers.stranger);
    expect(denied.status).toBe(403);
    expect(denied.json().issue[0].details.coding[0].code).toBe('HW-POL-002');

    const noReason = await fhir.post(
      `Patient/${ids.p1}/$break-glass`,
      { resourceType: 'Parameters' },
      headers.stranger,
    );
    expect(noReason.status).toBe(400);

    const strangerPerson = {
      role: 'clinician' as const,
      person: `Practitioner/${uid()}`,
      organization: ids.strangerHospital,
    };
    const h = { authorization: await bearer(strangerPerson) };
    const glass = await fhir.post(
      `Patient/${ids.p1}/$break-glass`,
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'reason', valueCode: 'emergency-care' },
          { name: 'text', valueString: 'Unconscious in the emergency department' },
        ],
      },
      h,
    );
    expect(glass.status, glass.body).toBe(200);
    const read = await fhir.get(`Observation/${ids.mental}`, h);
    expect(read.status).toBe(200);
    expect((await fhir.get(`Patient/${ids.p2}`, h)).status).toBe(403);

    const queue = await fhir.get('$privacy-queue', headers.privacy);
    expect(queue.status).toBe(200);
    const items = (
      queue.json().parameter as { name: string; part: { name: string; valueString?: string }[] }[]
    ).filter(
      (p) =>
        p.name === 'break-glass' &&
        p.part.some((x) => x.valueString === 'Unconscious in the emergency department'),
    );
    expect(items).toHaveLength(1);
    const grant = items[0]!.part.find((x) => x.name === 'grant')!.valueString!;
    expect((await fhir.get('$privacy-queue', headers.gp)).status).toBe(403);
    expect((await fhir.get('$privacy-queue?status=open', headers.privacy)).status).toBe(400);
    const review = await fhir.post(
      `$privacy-review?grant=${grant}&note=${encodeURIComponent('Confirmed with the emergency department')}`,
      { resourceType: 'Parameters' },
      headers.privacy,
    );
    expect(review.status, review.body).toBe(200);

    const log = await fhir.get(`Patient/${ids.p1}/$access-log?_count=200`, headers.patient);
    expect(log.status).toBe(200);
    const events = (log.json().entry ?? []).map((e: { resource: Record<string, unknown> }) => e.resource);
    const glassEvent = events.find((e: { subtype?: { code: string }[] }) =>
      e.subtype?.some((s) => s.code === 'break-glass'),
    );
    expect(JSON.stringify(glassEvent)).toContain('Unconscious in the emergency department');
  });
});

describe('patient choices', () => {
  it('sensitive categories a patient chooses to share become visible to other organisations', async () => {
    expect((await fhir.get(`Observation/${ids.mental}`, headers.consultant)).status).toBe(403);
    const share = consentResource({
      kind: 'record-sharing',
      patientId: ids.p1,
      type: 'permit',
      categories: ['mental-health'],
    });
    const saved = await fhir.post('Consent', share, headers.patient);
    expect(saved.status, saved.body).toBe(201);
    expect((await fhir.get(`Observation/${ids.mental}`, headers.consultant)).status).toBe(200);
    expect((await fhir.get(`Observation/${ids.safeguarding}`, headers.consultant)).status).toBe(403);

    // "Nothing beyond my practice": a later denial without categories wins over the earlier choice.
    const keep = consentResource({
      kind: 'record-sharing',
      patientId: ids.p1,
      type: 'deny',
      dateTime: new Date(Date.now() + 1000).toISOString(),
    });
    expect((await fhir.post('Consent', keep, headers.patient)).status).toBe(201);
    expect((await fhir.get(`Observation/${ids.plain}`, headers.consultant)).status).toBe(403);
    expect((await fhir.get(`Patient/${ids.p1}`, headers.consultant)).status).toBe(200);
    expect((await fhir.get(`Observation/${ids.plain}`, headers.gp)).status).toBe(200);

    // Withdrawing it restores sharing for direct care.
    const current = JSON.parse(
      (await fhir.get(`Consent?patient=${ids.p1}&_sort=-_lastUpdated&_count=1`)).body,
    ).entry[0].resource;
    expect(
      (await fhir.put(`Consent/${current.id}`, { ...current, status: 'inactive' }, headers.patient)).status,
    ).toBe(200);
    expect((await fhir.get(`Observation/${ids.plain}`, headers.consultant)).status).toBe(200);
  });
});

describe('grants and sign-in levels', () => {
  it('a proxy grant stops at its end date', async () => {
    const carer = uid();
    await fhir.put(`RelatedPerson/${carer}`, {
      resourceType: 'RelatedPerson',
      id: carer,
      patient: { reference: `Patient/${ids.p1}` },
    });
    const expired = consentResource({
      kind: 'proxy-access',
      patientId: ids.p1,
      relatedPersonId: carer,
      period: { start: '2020-01-01', end: '2021-01-01' },
    });
    expect((await fhir.post('Consent', expired)).status).toBe(201);
    const h = {
      authorization: await bearer({
        role: 'proxy',
        person: `RelatedPerson/${carer}`,
        patient: ids.p1,
        scope: 'patient/*.rs',
      }),
    };
    expect((await fhir.get(`Patient/${ids.p1}`, h)).status).toBe(403);
    expect((await returned('proxy', `Patient/${ids.p1}`)).status).toBe(200);
  });

  /**
   * One carer sign-in linked to a RelatedPerson per person cared for, each with its own grant (of
   * `types` when given); the header of a token naming the first.
   */
  async function carerOf(people: readonly (readonly [string, readonly string[] | undefined])[]) {
    const login = `carer-${uid()}`;
    const related = people.map(() => uid());
    for (const [i, [patient, types]] of people.entries()) {
      await fhir.put(`RelatedPerson/${related[i]}`, {
        resourceType: 'RelatedPerson',
        id: related[i],
        identifier: [{ system: 'https://heartwood.nhs.example/Id/sign-in', value: login }],
        patient: { reference: `Patient/${patient}` },
      });
      const grant = consentResource({
        kind: 'proxy-access',
        patientId: patient,
        relatedPersonId: related[i]!,
        ...(types ? { resourceTypes: [...types] } : {}),
      });
      expect((await fhir.post('Consent', grant)).status).toBe(201);
    }
    return {
      authorization: await bearer({
        role: 'proxy',
        subject: login,
        person: `RelatedPerson/${related[0]}`,
        patient: people[0]![0],
        scope: 'patient/*.rs',
      }),
    };
  }

  it('one carer sign-in acts for everyone it has an unexpired grant for, and no one else', async () => {
    const h = await carerOf([
      [ids.p1, undefined],
      [ids.p2, undefined],
    ]);
    const people = (await fhir.get('Patient?_count=50', h))
      .json()
      .entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(people.sort()).toEqual([ids.p1, ids.p2].sort());
    expect((await fhir.get(`Observation/${ids.other}`, h)).status).toBe(200);
    expect((await fhir.get(`Observation/${ids.mental}`, h)).status).toBe(403);
  });

  it("a carer for two people sees of each what that person's grant allows", async () => {
    const h = await carerOf([
      [ids.p1, ['Observation']],
      [ids.p2, ['Appointment']],
    ]);
    // The first person's grant covers observations; the second's only appointments.
    expect((await fhir.get(`Observation/${ids.plain}`, h)).status).toBe(200);
    expect((await fhir.get(`Observation/${ids.other}`, h)).status).toBe(403);
    const seen = (await fhir.get('Observation?_count=100', h))
      .json()
      .entry?.map((e: { resource: { id: string } }) => e.resource.id) as string[];
    expect(seen).toContain(ids.plain);
    expect(seen).not.toContain(ids.other);
    expect((await fhir.get(`Patient/${ids.p2}`, h)).status).toBe(200);
  });

  it('a patient whose identity was checked only to P5 cannot open the record', async () => {
    const h = {
      authorization: await bearer({
        role: 'patient',
        patient: ids.p1,
        person: `Patient/${ids.p1}`,
        scope: 'patient/*.rs',
        vot: 'P5.Cp.Cd',
      }),
    };
    const r = await fhir.get(`Patient/${ids.p1}`, h);
    expect(r.status).toBe(403);
    expect(r.json().issue[0].details.coding[0].code).toBe('HW-POL-003');
  });
});

describe('tracing a patient', () => {
  it('tells a clinician who the patient is and whether they may open the record, so they can break the glass', async () => {
    const url = `Patient/$find?identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${NHS}`)}`;
    const traced = await fhir.get(url, headers.stranger);
    expect(traced.status, traced.body).toBe(200);
    const [found] = traced.json().entry.map((e: { resource: Record<string, unknown> }) => e.resource);
    expect(found).toMatchObject({ id: ids.p1, meta: { tag: [{ code: 'none' }] } });
    expect(Object.keys(found).sort()).toEqual(['id', 'identifier', 'meta', 'name', 'resourceType']);
    const mine = (await fhir.get(url, headers.consultant)).json().entry[0].resource;
    expect(mine.meta.tag[0].code).toBe('care-relationship');
    expect((await fhir.get(url, headers.patient)).status).toBe(403);
    expect((await fhir.get('Patient/$find?family=Smith', headers.stranger)).status).toBe(400);
  });
});
