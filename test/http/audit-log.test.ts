import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import type { AuditLog, AuditRecord } from '../../src/audit/index.js';
import type { Principal } from '../../src/auth/index.js';
import { systemPrincipal } from '../../src/auth/index.js';
import { loadPatientCompartment } from '../../src/definitions/index.js';
import { FhirError } from '../../src/fhir/index.js';
import { createValidator, loadR4Definitions } from '../../src/fhir/validation/index.js';
import { buildApp } from '../../src/http/index.js';
import { createAccessLogOperation } from '../../src/operations/access-log.js';
import type { AuditAuthorize } from '../../src/operations/access-log.js';
import { createAuditSearchOperation } from '../../src/operations/audit-search.js';
import { createFhirService } from '../../src/rest/index.js';
import type { FhirService } from '../../src/rest/index.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const base = (p: Omit<Principal, 'scopes'>): Principal => ({ ...p, scopes: [] });
const people = {
  alice: base({
    subject: 'nhs-login|alice',
    role: 'patient',
    name: 'Alice Jones',
    person: 'Patient/alice',
    patient: 'alice',
  }),
  officer: base({ subject: 'idp|pat', role: 'privacy-officer', name: 'Pat Okafor', organization: 'rgt' }),
  amina: base({
    subject: 'idp|amina',
    role: 'clinician',
    name: 'Dr Amina Shah',
    person: 'Practitioner/amina',
    organization: 'rgt',
    organizationName: 'Riverside General',
  }),
};

// The policy of this test: a patient sees their own access log, a privacy officer sees everything.
const authorize: AuditAuthorize = async (principal, patientId) => {
  if (principal.role === 'privacy-officer') return;
  if (principal.role === 'patient' && patientId !== undefined && principal.patient === patientId) return;
  throw new FhirError(403, {
    severity: 'error',
    code: 'forbidden',
    diagnostics: 'You may not see this audit trail.',
  });
};

interface Event {
  resourceType: string;
  id: string;
  agent: { name?: string; role?: { text: string }[]; who: { display?: string } }[];
  purposeOfEvent?: { text?: string }[];
}
interface Body {
  resourceType: string;
  type?: string;
  link: { relation: string; url: string }[];
  entry: { fullUrl: string; resource: Event }[];
}

let t: TestApp;
let audit: AuditLog;
let service: FhirService;
const apps = new Map<string, FastifyInstance>();

/** The HTTP API as seen by one signed-in person (the token layer is not under test here). */
async function as(who: keyof typeof people): Promise<FastifyInstance> {
  let app = apps.get(who);
  if (!app) {
    const principal = people[who];
    app = buildApp({
      service: {
        handle: (request, options) => service.handle(request, { ...options, principal }),
        capabilityStatement: (b) => service.capabilityStatement(b),
      },
      baseUrl: BASE,
    });
    await app.ready();
    apps.set(who, app);
  }
  return app;
}

async function get(who: keyof typeof people, url: string) {
  const r = await (await as(who)).inject({ method: 'GET', url: url.replace(BASE, '/fhir') });
  return {
    status: r.statusCode,
    type: r.headers['content-type'],
    body: JSON.parse(r.body) as Body,
  };
}

const access = (p: Principal, patient: string, n: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  action: 'R',
  subtype: 'read',
  outcome: '0',
  principal: p,
  patients: [patient],
  entities: [`Observation/ob-${n}`],
  purposeOfUse: 'TREAT',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  audit = createAuditLog({ driver: t.opened.driver });
  const model = loadR4Definitions();
  service = createFhirService({
    store: t.opened.store,
    validator: createValidator(model),
    model,
    registry: t.opened.registry,
    patientCompartment: loadPatientCompartment(),
    operations: [
      createAccessLogOperation({ audit, authorize }),
      createAuditSearchOperation({ audit, authorize }),
    ],
    baseUrl: BASE,
  });
  // Three batches of records, one block each: ids 1-0, 1-1; 2-0; 3-0, 3-1.
  await audit.record([access(people.amina, 'alice', 1), access(people.amina, 'bob', 2)]);
  await audit.record([
    access(systemPrincipal('GP record import'), 'alice', 3, {
      action: 'C',
      subtype: 'create',
      purposeOfUse: undefined,
    }),
  ]);
  await audit.record([
    access(people.amina, 'alice', 4, {
      subtype: 'break-glass',
      purposeOfUse: 'ETREAT',
      reason: 'Unconscious in A&E',
    }),
    access(people.alice, 'alice', 5, { purposeOfUse: 'PATRQT' }),
  ]);
});

afterAll(async () => {
  for (const app of apps.values()) await app.close();
  await t?.close();
});

describe('Patient/$access-log', () => {
  it('shows a patient every access to their record, newest first, in pages', async () => {
    const first = await get('alice', '/fhir/Patient/alice/$access-log?_count=2');
    expect(first.status).toBe(200);
    expect(first.type).toContain('application/fhir+json');
    expect(first.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(first.body.entry.map((e) => e.resource.resourceType)).toEqual(['AuditEvent', 'AuditEvent']);
    expect(first.body.entry.map((e) => e.fullUrl)).toEqual([
      `${BASE}/AuditEvent/3-1`,
      `${BASE}/AuditEvent/3-0`,
    ]);
    const glass = first.body.entry[1]!.resource;
    expect(glass.agent[0]).toMatchObject({ name: 'Dr Amina Shah', role: [{ text: 'clinician' }] });
    expect(glass.agent[1]!.who.display).toBe('Riverside General');
    expect(glass.purposeOfEvent![0]!.text).toBe('Unconscious in A&E');
    const next = first.body.link.find((l) => l.relation === 'next')!.url;
    expect(next).toBe(`${BASE}/Patient/alice/$access-log?_count=2&_cursor=3-0`);
    const second = await get('alice', next);
    expect(second.body.entry.map((e) => e.resource.id)).toEqual(['2-0', '1-0']);
    // Heartwood's own importer is listed too.
    expect(second.body.entry[0]!.resource.agent[0]).toMatchObject({
      name: 'GP record import',
      role: [{ text: 'system' }],
    });
    expect(second.body.link.find((l) => l.relation === 'next')).toBeUndefined();
  });

  it('refuses other patients and staff with a 403 OperationOutcome', async () => {
    for (const [who, url] of [
      ['alice', '/fhir/Patient/bob/$access-log'],
      ['amina', '/fhir/Patient/alice/$access-log'],
    ] as const) {
      const r = await get(who, url);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
      expect(JSON.stringify(r.body)).not.toContain('Amina');
    }
  });

  it('rejects a cursor it did not issue and unknown parameters', async () => {
    expect((await get('alice', '/fhir/Patient/alice/$access-log?_cursor=abc')).status).toBe(400);
    expect((await get('alice', '/fhir/Patient/alice/$access-log?_count=0')).status).toBe(400);
    expect((await get('alice', '/fhir/Patient/alice/$access-log?agent=x')).status).toBe(400);
  });
});

describe('$audit-search', () => {
  it('lets a privacy officer search by agent, patient, subtype and time, in pages', async () => {
    const all = await get('officer', '/fhir/$audit-search?agent=Practitioner/amina&_count=2');
    expect(all.status).toBe(200);
    expect(all.body.entry.map((e) => e.resource.id)).toEqual(['3-0', '1-1']);
    const next = all.body.link.find((l) => l.relation === 'next')!.url;
    expect(next).toBe(`${BASE}/$audit-search?agent=Practitioner%2Famina&_count=2&_cursor=1-1`);
    expect((await get('officer', next)).body.entry.map((e) => e.resource.id)).toEqual(['1-0']);
    const glass = await get('officer', '/fhir/$audit-search?subtype=break-glass&organization=rgt');
    expect(glass.body.entry.map((e) => e.resource.id)).toEqual(['3-0']);
    const bob = await get('officer', '/fhir/$audit-search?patient=Patient/bob&_since=2000-01-01');
    expect(bob.body.entry.map((e) => e.resource.id)).toEqual(['1-1']);
    const none = await get('officer', '/fhir/$audit-search?_before=2000-01-01');
    expect(none.body.entry).toEqual([]);
  });

  it('refuses patients and clinicians with a 403', async () => {
    expect((await get('alice', '/fhir/$audit-search?agent=idp|amina')).status).toBe(403);
    expect((await get('amina', '/fhir/$audit-search?patient=alice')).status).toBe(403);
  });

  it('answers bad filters with a 400 OperationOutcome', async () => {
    for (const q of ['subtype=peek', '_since=yesterday', 'name=x', '_count=x']) {
      const r = await get('officer', `/fhir/$audit-search?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.resourceType).toBe('OperationOutcome');
    }
  });
});
