import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriptionDispatcher } from '../../src/subscriptions/index.js';
import type { SubscriptionDispatcher } from '../../src/subscriptions/index.js';
import { fhirClient, uid } from '../support/fhir-client.js';
import { bearer, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * FHIR R4 rest-hook Subscriptions, end to end: written over the API, activated by the dispatcher,
 * notified to a real HTTP endpoint on loopback, each notification searched as the Subscription's
 * owner (policy and audit on the one path), retried until the endpoint takes it.
 */

interface Received {
  method: string;
  url: string;
  body: string;
}

let t: TestApp;
let fhir: ReturnType<typeof fhirClient>;
let receiver: Server;
let hooks: string;
let dispatcher: SubscriptionDispatcher;
/** A laboratory system pushing results (backend services): it sees only what it recorded. */
let lab: Record<string, string>;
let otherLab: Record<string, string>;
const labSubject = `lab-${uid()}`;
const received: Received[] = [];
/** Status the receiver answers with. */
let answer = 200;
/** How far the dispatcher's clock is ahead of the real one, ms. */
let clockAhead = 0;
const practice = uid();
const otherPractice = uid();
const mine = uid();
const theirs = uid();

function observation(patientId: string, text: string) {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { text },
    subject: { reference: `Patient/${patientId}` },
  };
}

function subscription(criteria: string, channel: Record<string, unknown>) {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Results for patients of my practice',
    criteria,
    channel: { type: 'rest-hook', ...channel },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A source system reads what it recorded by searching for it. */
async function subscriptionAs(id: string, who: Record<string, string>) {
  const bundle = (await fhir.get(`Subscription?_id=${id}`, who)).json();
  const found = bundle.entry?.[0]?.resource as { status?: string; error?: string } | undefined;
  if (!found) throw new Error(`Subscription/${id} is not visible`);
  return found;
}

async function auditedSearchesBy(subject: string): Promise<{ patient_ids: string[]; content: string }[]> {
  const r = await t.opened.driver.query<{ patient_ids: string[]; content: string }>(
    `SELECT patient_ids, content FROM audit_record WHERE agent_subject = $1 AND subtype = 'search-type' ORDER BY seq, idx`,
    [subject],
  );
  return r.rows;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  t = await createTestApp();
  fhir = fhirClient(t.app);
  dispatcher = createSubscriptionDispatcher({
    store: t.opened.store,
    service: t.service,
    allowedEndpoints: [`${hooks}/`],
    isResourceType: (type) => t.opened.registry.resourceTypes().includes(type),
    now: () => new Date(Date.now() + clockAhead),
    timeoutMs: 5_000,
  });
  lab = {
    authorization: await bearer({
      role: 'source',
      subject: labSubject,
      clientId: labSubject,
      organization: practice,
      name: 'Riverside lab',
      scope: 'system/*.cruds',
    }),
  };
  otherLab = {
    authorization: await bearer({
      role: 'source',
      clientId: `lab-${uid()}`,
      organization: otherPractice,
      name: 'Hillside lab',
      scope: 'system/*.cruds',
    }),
  };
  for (const [org, patientId] of [
    [practice, mine],
    [otherPractice, theirs],
  ] as const) {
    await fhir.put(`Organization/${org}`, { resourceType: 'Organization', id: org, name: `Practice ${org}` });
    await fhir.put(`Patient/${patientId}`, {
      resourceType: 'Patient',
      id: patientId,
      name: [{ family: 'Hooked' }],
      generalPractitioner: [{ reference: `Organization/${org}` }],
    });
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('rest-hook Subscriptions', () => {
  it('notify a source system of what it may see, searched as that system, never of anything else', async () => {
    const created = await fhir.post(
      'Subscription',
      subscription('Observation?category=vital-signs,laboratory,other', {
        endpoint: `${hooks}/lab-results`,
        payload: 'application/fhir+json',
      }),
      lab,
    );
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    const activated = await dispatcher.drain();
    expect(activated.statusChanges).toBeGreaterThanOrEqual(1);
    expect((await subscriptionAs(id, lab)).status).toBe('active');

    const before = received.length;
    const lab1 = { coding: [{ code: 'laboratory' }] };
    const ours = await fhir.post('Observation', { ...observation(mine, 'Potassium'), category: [lab1] }, lab);
    expect(ours.status).toBe(201);
    // Another system's results, and Heartwood's own, are not this system's to be told of.
    await fhir.post('Observation', { ...observation(theirs, 'Sodium'), category: [lab1] }, otherLab);
    await fhir.post('Observation', { ...observation(theirs, 'Urea'), category: [lab1] });
    await fhir.post('Observation', observation(mine, 'Not in the criteria'), lab);
    await dispatcher.drain();
    const got = received.slice(before).filter((r) => r.url.startsWith('/hooks/lab-results'));
    expect(got.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT /hooks/lab-results/Observation/${ours.json().id as string}`,
    ]);
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      resourceType: 'Observation',
      code: { text: 'Potassium' },
    });

    // The notification was the lab system's own search, audited with what was sent.
    const searches = await auditedSearchesBy(labSubject);
    const sent = searches.filter((s) => s.content.includes(ours.json().id as string));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.patient_ids).toEqual([mine]);
    expect(searches.some((s) => s.patient_ids.includes(theirs))).toBe(false);

    // Nothing new: nothing sent.
    const quiet = received.length;
    await dispatcher.drain();
    expect(received.length).toBe(quiet);
  });

  it('keeps a notification the endpoint refused and sends it once the endpoint takes it again', async () => {
    const created = await fhir.post(
      'Subscription',
      subscription(`Observation?patient=Patient/${mine}`, { endpoint: `${hooks}/flaky` }),
      lab,
    );
    const id = created.json().id as string;
    await dispatcher.drain();
    const before = received.length;
    answer = 503;
    try {
      await fhir.post('Observation', observation(mine, 'Haemoglobin'), lab);
      const failing = await dispatcher.drain();
      expect(failing.failed).toBe(1);
      const state = await t.opened.driver.query<{ failures: number; last_error: string }>(
        'SELECT failures, last_error FROM subscription_state WHERE id = $1',
        [id],
      );
      expect(state.rows[0]).toEqual({ failures: 1, last_error: 'the endpoint answered 503' });
      // Waiting before it tries again.
      answer = 200;
      const waiting = await dispatcher.drain();
      expect(waiting.delivered).toBe(0);
      clockAhead = 10 * 60_000;
      const retried = await dispatcher.drain();
      expect(retried.delivered).toBe(1);
    } finally {
      answer = 200;
      clockAhead = 0;
    }
    const flaky = received.slice(before).filter((r) => r.url === '/hooks/flaky');
    // Without a payload, a notification is an empty POST to the endpoint: one refused, one taken.
    expect(flaky.map((r) => [r.method, r.body])).toEqual([
      ['POST', ''],
      ['POST', ''],
    ]);
    expect((await subscriptionAs(id, lab)).status).toBe('active');
  });

  it('refuses endpoints the operator has not allowed, channel headers and other channels, saying why', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ endpoint: 'http://169.254.169.254/latest/' }, 'Observation', /not one this server is allowed/],
      [{ endpoint: `${hooks}.attacker.test/x` }, 'Observation', /not one this server is allowed/],
      [
        { endpoint: `${hooks}/h`, header: ['Authorization: Bearer x'] },
        'Observation',
        /headers are not accepted/,
      ],
      [{ endpoint: `${hooks}/h`, type: 'email' }, 'Observation', /Only rest-hook/],
      [{ endpoint: `${hooks}/h` }, 'Observation?_include=Observation:subject', /may not use _include/],
    ];
    const ids: string[] = [];
    for (const [channel, criteria] of cases) {
      const r = await fhir.post('Subscription', subscription(criteria, channel), lab);
      expect(r.status).toBe(201);
      ids.push(r.json().id as string);
    }
    await dispatcher.drain();
    for (const [i, id] of ids.entries()) {
      const s = await subscriptionAs(id, lab);
      expect(s.status).toBe('error');
      expect(s.error).toMatch(cases[i]![2]);
    }
  });

  it('may not be written by a patient, nor by staff (a Subscription is not in any patient record they see)', async () => {
    const callers = [
      { role: 'patient' as const, patient: mine, name: 'Pat Hooked' },
      { role: 'gp' as const, person: `Practitioner/${uid()}`, organization: practice, name: 'Dr Hook' },
    ];
    for (const caller of callers) {
      const r = await fhir.post(
        'Subscription',
        subscription(`Observation?patient=Patient/${mine}`, { endpoint: `${hooks}/staff` }),
        { authorization: await bearer(caller) },
      );
      expect(r.status).toBe(403);
      expect(r.json().resourceType).toBe('OperationOutcome');
    }
  });
});
