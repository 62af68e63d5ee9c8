import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentResource } from '../../src/consent/index.js';
import { buildApp } from '../../src/http/index.js';
import { registerPublicApi } from '../../src/http/public-api.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * A small population loaded through the FHIR API, each measure worked out by hand below, and the
 * public API expected to publish exactly those figures after disclosure control (counts 1-7 hidden,
 * the rest rounded to 5, shares from the true counts to one decimal).
 */
let t: TestApp;
let pub: FastifyInstance;

type Resource = { resourceType: string; id: string; [k: string]: unknown };
const resources: Resource[] = [];
const add = (r: Resource) => resources.push(r);
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CVX = 'http://hl7.org/fhir/sid/cvx';
const iso = (ms: number) => new Date(ms).toISOString();
const at = (date: string) => Date.parse(`${date}T09:00:00Z`);
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

for (const [id, name] of [
  ['ms-t1', 'Alpha Trust'],
  ['ms-t2', 'Beta Trust'],
  ['ms-t3', 'Gamma Trust'],
  ['ms-g1', 'Ash Practice'],
  ['ms-g2', 'Birch Practice'],
  ['ms-g3', 'Cedar Practice'],
]) {
  add({
    resourceType: 'Organization',
    id: id!,
    name,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: id!.toUpperCase() }],
  });
}
const patient = (id: string, extra: Record<string, unknown> = {}) =>
  add({ resourceType: 'Patient', id, ...extra });
patient('ms-adult');
patient('ms-out'); // has the national data opt-out: nothing of theirs may count
let n = 0;
const encounter = (
  provider: string,
  cls: string,
  start: number,
  end: number | null,
  extra: Record<string, unknown> = {},
  subject = 'ms-adult',
) =>
  add({
    resourceType: 'Encounter',
    id: `ms-e${n++}`,
    status: 'finished',
    class: { system: ACT, code: cls },
    subject: { reference: `Patient/${subject}` },
    serviceProvider: { reference: `Organization/${provider}` },
    period: { start: iso(start), ...(end !== null ? { end: iso(end) } : {}) },
    ...extra,
  });

/*
 * A&E four-hour, 2025. Alpha: 18 of 30 within 4h; Beta: 9 of 20; Gamma: 27 of 35.
 *   Alpha  met 18 -> 20, not met 12 -> 10, total 30 -> 30, share 18/30 = 60.0 %
 *   Beta   met  9 -> 10, not met 11 -> 10, total 20 -> 20, share  9/20 = 45.0 %
 *   Gamma  met 27 -> 25, not met  8 -> 10, total 35 -> 35, share 27/35 = 77.1 %
 *   England met 54 -> 55, not met 31 -> 30, total 85 -> 85, share 54/85 = 63.5 %
 *   League table: Gamma 1, Alpha 2, Beta 3.
 * Not counted: an attendance in 2024, a cancelled one, one still open (no end), the opted-out
 * patient's, and an ambulatory (not emergency) encounter.
 */
const ae = (provider: string, within: number, over: number) => {
  for (let i = 0; i < within + over; i++) {
    const arrived = at('2025-02-01') + i * 24 * HOUR;
    encounter(provider, 'EMER', arrived, arrived + (i < within ? 3.5 * HOUR : 5 * HOUR));
  }
};
ae('ms-t1', 18, 12);
ae('ms-t2', 9, 11);
ae('ms-t3', 27, 8);
encounter('ms-t1', 'EMER', at('2024-12-30'), at('2024-12-30') + HOUR);
encounter('ms-t1', 'EMER', at('2025-03-01'), at('2025-03-01') + HOUR, { status: 'cancelled' });
encounter('ms-t1', 'EMER', at('2025-03-02'), null, { status: 'in-progress' });
encounter('ms-t1', 'EMER', at('2025-03-03'), at('2025-03-03') + HOUR, {}, 'ms-out');

/*
 * Referral to treatment, 2025 (treatment started in the period). Waits in whole weeks:
 *   Alpha  1..10 weeks: all 10 within 18 weeks -> met 10, not met 0, total 10; share 100.0 %; median 5.5
 *   Beta   10..17 and 19..26 weeks: 8 within of 16 -> 10, 10, 15; share 50.0 %; median (17+19)/2 = 18.0
 *   England met 18 -> 20, not met 8 -> 10, total 26 -> 25; share 18/26 = 69.2 %; median of the 26
 *   waits = (12 + 13)/2 = 12.5 weeks.  League: Alpha 1, Beta 2.
 * Not counted: a pathway treated in 2024, a revoked referral, the opted-out patient's.
 */
let s = 0;
const pathway = (
  provider: string,
  weeks: number,
  treated: number,
  extra: Record<string, unknown> = {},
  subject = 'ms-adult',
) => {
  const id = `ms-sr${s++}`;
  add({
    resourceType: 'ServiceRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${subject}` },
    authoredOn: iso(treated - weeks * WEEK),
    performer: [{ reference: `Organization/${provider}` }],
    ...extra,
  });
  add({
    resourceType: 'Procedure',
    id: `ms-pr${s}`,
    status: 'completed',
    subject: { reference: `Patient/${subject}` },
    basedOn: [{ reference: `ServiceRequest/${id}` }],
    performedDateTime: iso(treated),
  });
};
for (let w = 1; w <= 10; w++) pathway('ms-t1', w, at('2025-06-01'));
for (const w of [10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 25, 26])
  pathway('ms-t2', w, at('2025-07-01'));
pathway('ms-t1', 2, at('2024-11-01'));
pathway('ms-t1', 2, at('2025-06-01'), { status: 'revoked' });
pathway('ms-t1', 2, at('2025-06-01'), {}, 'ms-out');

/*
 * Childhood immunisation, 2025. Ash: 12 children turning 1, each with 3 doses of DTaP/IPV/Hib/HepB
 * (CVX 146) before the birthday. Birch: 8 turning 2 with MMR (CVX 03); 8 turning 5 with only one
 * of the two MMR doses.
 *   Ash    met 12 -> 10, not met 0 -> 0, total 12 -> 10; share 100.0 %
 *   Birch  met  8 -> 10, not met 8 -> 10, total 16 -> 15; share 50.0 %
 *   England met 20 -> 20, not met 8 -> 10, total 28 -> 30; share 20/28 = 71.4 %.  League: Ash 1, Birch 2.
 * Not counted: a child turning 1 in 2026, a child with no registered practice, the opted-out child.
 */
let c = 0;
let im = 0;
const child = (practice: string | null, born: string, code: string, doses: number, optedOut = false) => {
  const id = optedOut ? 'ms-out-child' : `ms-c${c++}`;
  patient(id, {
    birthDate: born,
    ...(practice ? { generalPractitioner: [{ reference: `Organization/${practice}` }] } : {}),
  });
  for (let d = 0; d < doses; d++) {
    add({
      resourceType: 'Immunization',
      id: `ms-im${im++}`,
      status: 'completed',
      vaccineCode: { coding: [{ system: CVX, code }] },
      patient: { reference: `Patient/${id}` },
      occurrenceDateTime: iso(Date.parse(`${born}T00:00:00Z`) + (60 + 30 * d) * 24 * HOUR),
    });
  }
  return id;
};
for (let i = 0; i < 12; i++) child('ms-g1', '2024-04-10', '146', 3);
for (let i = 0; i < 8; i++) child('ms-g2', '2023-05-10', '03', 1);
for (let i = 0; i < 8; i++) child('ms-g2', '2020-06-10', '03', 1);
child('ms-g1', '2025-03-01', '146', 3);
child(null, '2024-04-10', '146', 3);
const outChild = child('ms-g1', '2024-04-10', '146', 3, true);

/*
 * Digital first, 2025 (GP and outpatient encounters). Ash: 3 video of 10; Birch: 6 video and 6 booked
 * in the app, of 20; Cedar: 8 video of 16. Ash's 3 and 7 are small and suppressed, which forces
 * secondary suppression elsewhere in their columns.
 */
const visits = (provider: string, video: number, app: number, other: number) => {
  const day = at('2025-04-01');
  for (let i = 0; i < video; i++) encounter(provider, 'VR', day + i * HOUR, day + i * HOUR + 600_000);
  for (let i = 0; i < app; i++) {
    const appointment = `ms-ap-${provider}-${i}`;
    add({
      resourceType: 'Appointment',
      id: appointment,
      meta: { source: 'https://heartwood.nhs.example/source/app/patient-web' },
      status: 'fulfilled',
      participant: [{ actor: { reference: 'Patient/ms-adult' }, status: 'accepted' }],
    });
    encounter(provider, 'AMB', day + i * HOUR, day + i * HOUR + 600_000, {
      appointment: [{ reference: `Appointment/${appointment}` }],
    });
  }
  for (let i = 0; i < other; i++) encounter(provider, 'AMB', day + i * HOUR, day + i * HOUR + 600_000);
};
visits('ms-g1', 3, 0, 7);
visits('ms-g2', 6, 6, 8);
visits('ms-g3', 8, 0, 8);

interface Cell {
  value: number | null;
  flag: string;
}
interface Row {
  provider: { id: string; name: string; odsCode?: string };
  met: Cell;
  notMet: Cell;
  total: Cell;
  share: number | null;
  median?: number | null;
  rank: number | null;
}
interface Published {
  measure: { id: string };
  period: { label: string; start: string; end: string };
  rows: Row[];
  national: { met: Cell; notMet: Cell; total: Cell; share: number | null; median?: number | null };
  optOutsExcluded: boolean;
  disclosure: { suppressed: { primary: number; secondary: number }; summary: string };
}

async function measure(id: string, period = '2025'): Promise<Published> {
  const r = await pub.inject({ method: 'GET', url: `/api/public/measures/${id}?period=${period}` });
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body) as Published;
}

/** [name, met, notMet, total, share, rank] per provider, as published. */
const table = (p: Published) =>
  p.rows.map((r) => [r.provider.name, r.met.value, r.notMet.value, r.total.value, r.share, r.rank]);

beforeAll(async () => {
  t = await createTestApp();
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...resources.map((r) => ({
        resource: r,
        request: { method: 'PUT', url: `${r.resourceType}/${r.id}` },
      })),
      ...['ms-out', outChild].map((p) => ({
        resource: consentResource({
          kind: 'national-data-opt-out',
          patientId: p,
          dateTime: '2024-01-01T00:00:00Z',
        }),
        request: { method: 'POST', url: 'Consent' },
      })),
    ],
  };
  const r = await t.app.inject({
    method: 'POST',
    url: '/fhir',
    headers: { 'content-type': 'application/fhir+json' },
    payload: bundle,
  });
  expect(r.statusCode, r.body.slice(0, 2000)).toBe(200);
  pub = buildApp({
    service: t.service,
    baseUrl: BASE,
    bodyLimitBytes: 1024 * 1024,
    ping: async () => undefined,
  });
  registerPublicApi(pub, { driver: t.opened.driver, now: () => new Date('2026-03-01T00:00:00Z') });
  await pub.ready();
});

afterAll(async () => {
  await pub?.close();
  await t.close();
});

describe('GET /api/public/measures', () => {
  it('lists the four measures with their definitions, no token needed', async () => {
    const r = await pub.inject({ method: 'GET', url: '/api/public/measures' });
    expect(r.statusCode, r.body).toBe(200);
    const body = JSON.parse(r.body) as { measures: { id: string; title: string }[]; defaultPeriod: string };
    expect(body.measures.map((m) => m.id)).toEqual([
      'ae-four-hour',
      'rtt-18-weeks',
      'childhood-immunisation',
      'digital-first',
    ]);
    expect(body.defaultPeriod).toBe('2025');
  });
});

describe('the published figures equal the hand-computed ones', () => {
  it('A&E four-hour', async () => {
    const p = await measure('ae-four-hour');
    expect(p.optOutsExcluded).toBe(true);
    expect(table(p)).toEqual([
      ['Alpha Trust', 20, 10, 30, 60.0, 2],
      ['Beta Trust', 10, 10, 20, 45.0, 3],
      ['Gamma Trust', 25, 10, 35, 77.1, 1],
    ]);
    expect(p.rows[0]!.provider.odsCode).toBe('MS-T1');
    expect([p.national.met.value, p.national.notMet.value, p.national.total.value, p.national.share]).toEqual(
      [55, 30, 85, 63.5],
    );
    expect(p.disclosure.suppressed).toEqual({ primary: 0, secondary: 0 });
  });

  it('referral to treatment, with medians', async () => {
    const p = await measure('rtt-18-weeks');
    expect(table(p)).toEqual([
      ['Alpha Trust', 10, 0, 10, 100.0, 1],
      ['Beta Trust', 10, 10, 15, 50.0, 2],
    ]);
    expect(p.rows[1]!.notMet.flag).toBe('rounded');
    expect(p.rows[0]!.notMet.flag).toBe('zero');
    expect(p.rows.map((r) => r.median)).toEqual([5.5, 18.0]);
    expect([p.national.met.value, p.national.notMet.value, p.national.total.value, p.national.share]).toEqual(
      [20, 10, 25, 69.2],
    );
    expect(p.national.median).toBe(12.5);
  });

  it('childhood immunisation', async () => {
    const p = await measure('childhood-immunisation');
    expect(table(p)).toEqual([
      ['Ash Practice', 10, 0, 10, 100.0, 1],
      ['Birch Practice', 10, 10, 15, 50.0, 2],
    ]);
    expect([p.national.met.value, p.national.notMet.value, p.national.total.value, p.national.share]).toEqual(
      [20, 10, 30, 71.4],
    );
  });

  it('a period with no activity publishes an empty league table', async () => {
    const p = await measure('ae-four-hour', '2023-Q1');
    expect(p.rows).toEqual([]);
    expect(p.national.total.value).toBe(0);
    expect(p.period).toEqual({
      label: '2023-Q1',
      start: '2023-01-01T00:00:00.000Z',
      end: '2023-04-01T00:00:00.000Z',
    });
  });
});

describe('disclosure control in the published table', () => {
  it('suppresses small counts, then enough others that none can be worked out, and withholds those shares', async () => {
    const p = await measure('digital-first');
    const ash = p.rows.find((r) => r.provider.name === 'Ash Practice')!;
    // Ash: 3 digital and 7 not, both 1-7: hidden; 10 in all is shown; no share, no rank.
    expect([ash.met.flag, ash.notMet.flag]).toEqual(['suppressed-primary', 'suppressed-primary']);
    expect([ash.met.value, ash.notMet.value, ash.total.value, ash.share, ash.rank]).toEqual([
      null,
      null,
      10,
      null,
      null,
    ]);
    expect(p.disclosure.suppressed.primary).toBe(2);
    expect(p.disclosure.suppressed.secondary).toBeGreaterThan(0);
    const flags = p.rows.flatMap((r) => [r.met.flag, r.notMet.flag, r.total.flag]);
    expect(flags).toContain('suppressed-secondary');
    // No row or column has exactly one hidden figure (it would be its total minus the others).
    const grid = [
      ...p.rows.map((r) => [r.met, r.notMet, r.total]),
      [p.national.met, p.national.notMet, p.national.total],
    ];
    const hidden = (cells: Cell[]) => cells.filter((x) => x.value === null).length;
    for (const line of grid) expect(hidden(line)).not.toBe(1);
    for (let j = 0; j < 3; j++) expect(hidden(grid.map((line) => line[j]!))).not.toBe(1);
    // Every visible figure is a multiple of 5 (or 0), and shares only stand beside visible counts.
    for (const cell of grid.flat()) if (cell.value !== null) expect(cell.value % 5).toBe(0);
    for (const r of p.rows) if (r.met.value === null || r.total.value === null) expect(r.share).toBeNull();
  });

  it('answers unknown measures and bad periods with an OperationOutcome', async () => {
    const unknown = await pub.inject({ method: 'GET', url: '/api/public/measures/nope?period=2025' });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).resourceType).toBe('OperationOutcome');
    const bad = await pub.inject({
      method: 'GET',
      url: '/api/public/measures/ae-four-hour?period=last-year',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).resourceType).toBe('OperationOutcome');
  });
});
