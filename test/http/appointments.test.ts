import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
const errorCode = (body: { issue: { details?: { coding?: { code: string }[] } }[] }) =>
  body.issue[0]?.details?.coding?.[0]?.code;

let patientId: string;
let otherPatientId: string;
let practitionerId: string;
let locationId: string;
let scheduleId: string;

async function create(resource: Record<string, unknown>): Promise<string> {
  const r = await c.post(resource.resourceType as string, resource);
  expect(r.status, r.body).toBe(201);
  return r.json().id as string;
}

function slot(start: string, status = 'free') {
  return create({
    resourceType: 'Slot',
    schedule: { reference: `Schedule/${scheduleId}` },
    status,
    start,
    end: new Date(Date.parse(start) + 10 * 60_000).toISOString(),
  });
}

const bookBody = (slotId: string, patient = patientId, reason = 'A sore knee') => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'slot', valueReference: { reference: `Slot/${slotId}` } },
    { name: 'patient', valueReference: { reference: `Patient/${patient}` } },
    { name: 'reason', valueString: reason },
  ],
});
const cancelBody = (reason = 'I feel better') => ({
  resourceType: 'Parameters',
  parameter: [{ name: 'reason', valueString: reason }],
});

function patientPrincipal(id: string): Principal {
  return {
    subject: `test-${id}`,
    role: 'patient',
    name: 'A patient',
    person: `Patient/${id}`,
    patient: id,
    scopes: [],
  };
}

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
  patientId = await create({ resourceType: 'Patient', name: [{ family: 'Booker', given: ['Bea'] }] });
  otherPatientId = await create({ resourceType: 'Patient', name: [{ family: 'Other', given: ['Olly'] }] });
  practitionerId = await create({ resourceType: 'Practitioner', name: [{ family: 'Shah', prefix: ['Dr'] }] });
  locationId = await create({ resourceType: 'Location', name: 'Test Surgery' });
  scheduleId = await create({
    resourceType: 'Schedule',
    active: true,
    actor: [
      { reference: `Practitioner/${practitionerId}`, display: 'Dr Shah' },
      { reference: `Location/${locationId}`, display: 'Test Surgery' },
    ],
  });
});

afterAll(async () => {
  await t?.close();
});

describe('Appointment/$book and Appointment/{id}/$cancel', () => {
  it('books a free future slot: a booked Appointment with the patient, practitioner and place, and a busy Slot', async () => {
    const slotId = await slot(hours(48));
    const r = await c.post('Appointment/$book', bookBody(slotId));
    expect(r.status, r.body).toBe(201);
    expect(r.headers.location).toMatch(/\/Appointment\/[^/]+\/_history\/1$/);
    const appointment = r.json();
    expect(appointment).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      description: 'A sore knee',
      slot: [{ reference: `Slot/${slotId}` }],
    });
    const actors = appointment.participant.map((p: { actor: { reference: string } }) => p.actor.reference);
    expect(actors).toEqual([
      `Patient/${patientId}`,
      `Practitioner/${practitionerId}`,
      `Location/${locationId}`,
    ]);
    expect((await c.get(`Slot/${slotId}`)).json().status).toBe('busy');
    // The stored Appointment is valid R4 and found in the patient's compartment.
    const found = await c.get(`Appointment?patient=Patient/${patientId}&status=booked`);
    expect(found.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(
      appointment.id,
    );
  });

  it('refuses a second booking of the same slot with 409 HW-APPT-001', async () => {
    const slotId = await slot(hours(50));
    expect((await c.post('Appointment/$book', bookBody(slotId))).status).toBe(201);
    const again = await c.post('Appointment/$book', bookBody(slotId, otherPatientId));
    expect(again.status).toBe(409);
    expect(again.json().resourceType).toBe('OperationOutcome');
    expect(errorCode(again.json())).toBe('HW-APPT-001');
  });

  it('lets only one of five simultaneous bookings of one slot win; the others get 409', async () => {
    const slotId = await slot(hours(52));
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        c.post('Appointment/$book', bookBody(slotId, i % 2 === 0 ? patientId : otherPatientId)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expect(errorCode(r.json())).toBe('HW-APPT-001');
    const booked = await c.get(`Appointment?slot=Slot/${slotId}`);
    expect(booked.json().entry).toHaveLength(1);
  });

  it('refuses a slot in the past (422 HW-APPT-002), an unknown slot (404) and a missing slot (400)', async () => {
    const past = await slot(hours(-2));
    const r = await c.post('Appointment/$book', bookBody(past));
    expect(r.status).toBe(422);
    expect(errorCode(r.json())).toBe('HW-APPT-002');
    expect((await c.get(`Slot/${past}`)).json().status).toBe('free');
    expect((await c.post('Appointment/$book', bookBody('no-such-slot'))).status).toBe(404);
    const missing = await c.post('Appointment/$book', { resourceType: 'Parameters', parameter: [] });
    expect(missing.status).toBe(400);
    expect(errorCode(missing.json())).toBe('HW-APPT-005');
    expect((await c.get('Appointment/$book')).status).toBe(405);
  });

  it('cancels: the Appointment becomes cancelled with its reason, the Slot is free and can be booked again', async () => {
    const slotId = await slot(hours(54));
    const booked = (await c.post('Appointment/$book', bookBody(slotId))).json();
    const r = await c.post(`Appointment/${booked.id}/$cancel`, cancelBody());
    expect(r.status, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'I feel better' } });
    expect((await c.get(`Slot/${slotId}`)).json().status).toBe('free');
    const again = await c.post(`Appointment/${booked.id}/$cancel`, cancelBody());
    expect(again.status).toBe(409);
    expect(errorCode(again.json())).toBe('HW-APPT-004');
    expect((await c.post('Appointment/$book', bookBody(slotId, otherPatientId))).status).toBe(201);
    expect((await c.post('Appointment/no-such/$cancel', cancelBody())).status).toBe(404);
  });

  it('lets a patient book and cancel only for themselves (403 HW-APPT-003 otherwise)', async () => {
    const slotId = await slot(hours(56));
    const asOther = await t.service
      .handle(
        { method: 'POST', url: 'Appointment/$book', body: bookBody(slotId) },
        { principal: patientPrincipal(otherPatientId) },
      )
      .catch((e: { status: number; issues: { detailsCode: string }[] }) => e);
    expect(asOther).toMatchObject({ status: 403, issues: [{ detailsCode: 'HW-APPT-003' }] });
    expect((await c.get(`Slot/${slotId}`)).json().status).toBe('free');

    // The patient's own booking, with the patient taken from the sign-in when not sent.
    const own = await t.service.handle(
      {
        method: 'POST',
        url: 'Appointment/$book',
        body: { resourceType: 'Parameters', parameter: [{ name: 'slot', valueString: `Slot/${slotId}` }] },
      },
      { principal: patientPrincipal(patientId) },
    );
    expect(own.status).toBe(201);
    const appointment = JSON.parse(own.body!) as {
      id: string;
      participant: { actor: { reference: string } }[];
    };
    expect(appointment.participant[0]!.actor.reference).toBe(`Patient/${patientId}`);
    const cancelByOther = await t.service
      .handle(
        { method: 'POST', url: `Appointment/${appointment.id}/$cancel`, body: cancelBody() },
        { principal: patientPrincipal(otherPatientId) },
      )
      .catch((e: { status: number }) => e);
    expect(cancelByOther).toMatchObject({ status: 403 });
    const cancelled = await t.service.handle(
      { method: 'POST', url: `Appointment/${appointment.id}/$cancel`, body: cancelBody() },
      { principal: patientPrincipal(patientId) },
    );
    expect(cancelled.status).toBe(200);
  });
});
