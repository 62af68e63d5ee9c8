import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/index.js';
import { consentResource } from '../consent/index.js';
import type { FhirResource } from '../fhir/index.js';
import { accessSql, openStore, SqlParams } from '../store/index.js';
import type { AccessRule, OpenedStore, StoredVersion } from '../store/index.js';
import { syncConsentDirectives } from './consent-directives.js';
import { resolveAccess } from './resolve-access.js';
import { patientVisibility, versionVisible } from './row-visibility.js';

/**
 * One rule, three shapes: care relationships derived inside the query, listed with the practice's
 * registrations derived in the query, and listed with the registrations read in advance (records
 * split into whole and filtered). Each shape, in SQL and in memory, must show every caller exactly
 * the rows written out for them.
 */

const PSY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' };
const SAFEGUARDING = {
  system: 'https://heartwood.nhs.example/fhir/CodeSystem/sensitivity',
  code: 'safeguarding',
};
const NOW = new Date('2026-11-21T12:00:00Z');
const RECENT = '2026-11-10T10:00:00Z';

let opened: OpenedStore;
const stored: StoredVersion[] = [];

function observation(id: string, patient: string, security?: object): FhirResource & { id: string } {
  return {
    resourceType: 'Observation',
    id,
    ...(security ? { meta: { security: [security] } } : {}),
    status: 'final',
    code: { text: id },
    subject: { reference: `Patient/${patient}` },
  };
}

function patient(id: string, practice: string): FhirResource & { id: string } {
  return { resourceType: 'Patient', id, generalPractitioner: [{ reference: `Organization/${practice}` }] };
}

function encounter(id: string, patientId: string, provider: string): FhirResource & { id: string } {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: `Organization/${provider}` },
    period: { start: RECENT, end: RECENT },
  };
}

const staff = (role: 'gp' | 'clinician', subject: string, organization: string): Principal => ({
  subject,
  role,
  name: subject,
  organization,
  person: `Practitioner/${subject}`,
  scopes: [{ context: 'user', resourceType: '*', permissions: new Set(['r', 's']) }],
});

/*
 * rv-a is the practice, rv-h a hospital. p1 is registered at rv-a; p2, p3 and p4 elsewhere, with
 * recent encounters at rv-h (p2 shares mental health, p3 shares nothing beyond the practice); p5 is
 * nobody's here but opened by rv-h's clinician breaking the glass.
 */
const RESOURCES: (FhirResource & { id: string })[] = [
  { resourceType: 'Organization', id: 'rv-a', name: 'Practice' },
  { resourceType: 'Organization', id: 'rv-h', name: 'Hospital' },
  { resourceType: 'Organization', id: 'rv-b', name: 'Other practice' },
  patient('p1', 'rv-a'),
  observation('p1-plain', 'p1'),
  observation('p1-psy', 'p1', PSY),
  observation('p1-safe', 'p1', SAFEGUARDING),
  patient('p2', 'rv-b'),
  encounter('p2-enc', 'p2', 'rv-h'),
  observation('p2-plain', 'p2'),
  observation('p2-psy', 'p2', PSY),
  observation('p2-safe', 'p2', SAFEGUARDING),
  patient('p3', 'rv-b'),
  encounter('p3-enc', 'p3', 'rv-h'),
  observation('p3-plain', 'p3'),
  patient('p4', 'rv-b'),
  encounter('p4-enc', 'p4', 'rv-h'),
  observation('p4-psy', 'p4', PSY),
  observation('p4-plain', 'p4'),
  patient('p5', 'rv-b'),
  observation('p5-plain', 'p5'),
  observation('p5-psy', 'p5', PSY),
];

const REFERENCE = ['rv-a', 'rv-h', 'rv-b'];
const EXPECTED: Record<string, string[]> = {
  gp: [...REFERENCE, 'p1', 'p1-plain', 'p1-psy', 'p1-safe'],
  clinician: [
    ...REFERENCE,
    ...['p2', 'p2-enc', 'p2-plain', 'p2-psy'],
    'p3',
    ...['p4', 'p4-enc', 'p4-plain'],
    ...['p5', 'p5-plain', 'p5-psy'],
  ],
  patient: [...REFERENCE, 'p1', 'p1-plain', 'p1-psy'],
};

const PRINCIPALS: Record<string, Principal> = {
  gp: staff('gp', 'rv-gp', 'rv-a'),
  clinician: staff('clinician', 'rv-consultant', 'rv-h'),
  patient: {
    subject: 'rv-patient',
    role: 'patient',
    name: 'p1',
    patient: 'p1',
    person: 'Patient/p1',
    scopes: [{ context: 'patient', resourceType: '*', permissions: new Set(['r', 's']) }],
  },
};

async function ruleOf(principal: Principal): Promise<AccessRule> {
  const resolved = await opened.driver.transaction((exec) =>
    resolveAccess(principal, exec, {
      linkedPatientIds: () => Promise.resolve([]),
      now: () => NOW,
      encounterRelationshipDays: 90,
    }),
  );
  return resolved.rule!;
}

/** The same rule in the shape a large organisation gets: relationships and registrations in SQL. */
function derived(rule: AccessRule, principal: Principal): AccessRule {
  const { patients: _patients, registered: _registered, ...rest } = rule;
  if (!principal.organization) return { ...rest, ...(rule.patients ? { patients: rule.patients } : {}) };
  return {
    ...rest,
    careRelationship: {
      organization: principal.organization,
      practitioner: principal.person!.split('/')[1]!,
      encountersSince: new Date(NOW.getTime() - 90 * 86_400_000).toISOString(),
    },
  };
}

function withoutRegistered(rule: AccessRule): AccessRule {
  const { registered: _registered, ...rest } = rule;
  return { ...rest };
}

async function visibleInSql(rule: AccessRule): Promise<string[]> {
  const p = new SqlParams();
  const r = await opened.driver.query<{ id: string }>(
    `SELECT r.id FROM resource r WHERE NOT r.deleted AND r.resource_type <> 'Consent' AND ${accessSql(rule, 'r', p)}`,
    p.values,
  );
  return r.rows.map((row) => row.id).sort();
}

async function visibleInMemory(rule: AccessRule): Promise<string[]> {
  const forPatient = (key: string) => patientVisibility(opened.driver, rule, key);
  const shown: string[] = [];
  for (const v of stored) if (await versionVisible(rule, v, forPatient)) shown.push(v.id);
  return shown.sort();
}

beforeAll(async () => {
  opened = await openStore({ kind: 'pglite' });
  const written = await opened.store.write(RESOURCES.map((resource) => ({ op: 'create', resource })));
  for (const w of written) stored.push((await opened.store.read(w.resourceType, w.id))!);
  const consents = [
    {
      ...consentResource({
        kind: 'record-sharing',
        patientId: 'p2',
        type: 'permit',
        categories: ['mental-health'],
      }),
      id: 'rv-c2',
    },
    { ...consentResource({ kind: 'record-sharing', patientId: 'p3', type: 'deny' }), id: 'rv-c3' },
  ];
  const results = await opened.store.write(consents.map((resource) => ({ op: 'create', resource })));
  await syncConsentDirectives(opened.driver, results);
  await opened.driver.query(
    `INSERT INTO break_glass_grant (id, subject, agent_name, patient_key, reason_code, reason_text, granted_at, expires_at)
     VALUES ('rv-g1', 'rv-consultant', 'consultant', 'p5', 'emergency', 'unconscious', $1, $2)`,
    [new Date(NOW.getTime() - 3_600_000).toISOString(), new Date(NOW.getTime() + 3_600_000).toISOString()],
  );
}, 120_000);

afterAll(async () => {
  await opened?.store.close();
});

describe('row visibility', () => {
  it.each(Object.keys(PRINCIPALS))('%s: every shape of the rule shows the same rows', async (who) => {
    const principal = PRINCIPALS[who]!;
    const listed = await ruleOf(principal);
    const expected = [...EXPECTED[who]!].sort();
    const shapes: [string, AccessRule][] = [
      ['listed', listed],
      ['registrations in SQL', withoutRegistered(listed)],
      ['derived', derived(listed, principal)],
    ];
    for (const [shape, rule] of shapes) {
      expect(await visibleInSql(rule), `${who}, ${shape}, SQL`).toEqual(expected);
      expect(await visibleInMemory(rule), `${who}, ${shape}, in memory`).toEqual(expected);
    }
  });

  it('types allowed per patient (a carer for two people) hold in SQL and in memory alike', async () => {
    const typesFor = { p1: ['Patient'], p2: ['Patient', 'Observation'] };
    const rule: AccessRule = { referenceTypes: [], patients: ['p1', 'p2'], typesFor, hiddenLabels: [] };
    const expected = stored
      .filter((v) => {
        const allowed = typesFor[(v.patientKey ?? v.id) as 'p1' | 'p2'] as string[] | undefined;
        return allowed?.includes(v.resourceType) ?? false;
      })
      .map((v) => v.id)
      .sort();
    expect(expected.some((id) => stored.find((v) => v.id === id)!.resourceType === 'Observation')).toBe(true);
    expect(await visibleInSql(rule)).toEqual(expected);
    expect(await visibleInMemory(rule)).toEqual(expected);
  });

  it('the practice reads its registrations and lists its patients with the rule', async () => {
    const rule = await ruleOf(PRINCIPALS.gp!);
    expect(rule.registered).toEqual(['p1']);
    expect(rule.patients).toEqual(['p1']);
    expect(rule.careRelationship).toBeUndefined();
  });
});
