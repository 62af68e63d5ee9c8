import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, WEB_DIST_DIR } from './support/build-web-app.js';
import { DESKTOP, MOBILE, NARROW, pages, visit, ZOOMED } from './support/browser-visit.js';
import type { DemoPerson } from './support/demo-people.js';
import { launchChromium } from './support/launch-chromium.js';
import { forgetLanguage, scrollsSideways, settled } from './support/page-helpers.js';
import { describeViolations, runAxe } from './support/run-axe.js';
import { screenshotDir } from './support/screenshots.js';
import { startHeartwood } from './support/start-heartwood.js';
import type { RunningHeartwood } from './support/start-heartwood.js';

let server: RunningHeartwood;
let browser: Browser;
let at: ReturnType<typeof pages>;
/** A demo patient registered at a practice (every one is), whose journeys these tests walk. */
let patient: DemoPerson;
/** A demo patient with repeat medicines. */
let repeatPatient: DemoPerson;

interface Resource {
  resourceType: string;
  id: string;
  status?: string;
  [k: string]: unknown;
}
interface SearchBundle {
  entry?: { resource: Resource }[];
}

beforeAll(async () => {
  await buildWebApp();
  server = await startHeartwood(WEB_DIST_DIR);
  at = pages(server);
  const id = server.demo.patients[4]!.id;
  const p = (await at.fhir<{ name: { given: string[]; family: string }[] }>('GET', `Patient/${id}`)).body;
  patient = { id, name: `${p.name[0]!.given.join(' ')} ${p.name[0]!.family}` };
  const medicines = await at.fhir<SearchBundle>('GET', 'MedicationRequest?status=active&_count=1000');
  const withRepeats = (medicines.body.entry ?? [])
    .map((e) => e.resource)
    .filter((m) => JSON.stringify(m.courseOfTherapyType ?? {}).includes('"continuous"'))
    .map((m) => (m.subject as { reference: string }).reference.slice('Patient/'.length));
  const repeatId = withRepeats.find((id) => id !== patient.id)!;
  const rp = (await at.fhir<{ name: { given: string[]; family: string }[] }>('GET', `Patient/${repeatId}`))
    .body;
  repeatPatient = { id: repeatId, name: `${rp.name[0]!.given.join(' ')} ${rp.name[0]!.family}` };
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function axeClean(page: Page, label: string): Promise<string> {
  const violations = await runAxe(page);
  return violations.length ? `${label}:\n${describeViolations(violations)}` : '';
}

async function bookedAppointments(): Promise<Resource[]> {
  const bundle = await at.fhir<SearchBundle>(
    'GET',
    `Appointment?patient=Patient/${patient.id}&status=booked`,
  );
  return (bundle.body.entry ?? []).map((e) => e.resource);
}

describe('GP appointments: book, check, cancel', { timeout: 90_000 }, () => {
  it('books a free time: day, then time, check answers, confirmation; the slot is then busy', async () => {
    const { page, context, problems } = await visit(browser);
    const failures: string[] = [];
    await at.signInAsPatient(page, patient);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'GP appointments' })
      .click();
    await settled(page);
    expect(await at.h1(page)).toBe('GP appointments');
    failures.push(await axeClean(page, 'appointments'));
    const before = await bookedAppointments();

    await page.getByRole('button', { name: 'Book an appointment' }).click();
    await settled(page);
    expect(await at.h1(page)).toContain('Choose a day');
    // Continuing without a choice explains what is missing, linked to the question.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Choose a day');
    failures.push(await axeClean(page, 'choose a day, with an error'));
    const firstDay = page.locator('input[name="day"]').first();
    const dayLabel = await page.locator('label[for="day"]').innerText();
    expect(dayLabel).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} \w+ \d{4}$/);
    await firstDay.check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await settled(page);
    expect(await at.h1(page)).toContain(`Choose a time on ${dayLabel}`);
    failures.push(await axeClean(page, 'choose a time'));
    const timeLabel = await page.locator('label[for="time"]').innerText();
    expect(timeLabel).toMatch(/^\d{2}:\d{2}$/);
    await page.locator('input[name="time"]').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await settled(page);
    expect(await at.h1(page)).toContain('Check your appointment');
    const summary = await page.locator('.nhsuk-summary-list').innerText();
    expect(summary).toContain(dayLabel);
    expect(summary).toContain(timeLabel);
    expect(summary).toMatch(/With\s+(Dr|Ms|Mr) /);
    failures.push(await axeClean(page, 'check your appointment'));
    const slotId = new URL(page.url()).searchParams.get('slot')!;
    await page.getByLabel('What would you like to talk about? (optional)').fill('My knee still hurts');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.locator('h1', { hasText: 'Appointment booked' }).waitFor();
    await settled(page);
    expect(await page.locator('main').innerText()).toContain('My knee still hurts');
    failures.push(await axeClean(page, 'appointment booked'));

    const after = await bookedAppointments();
    expect(after.length).toBe(before.length + 1);
    const slot = await at.fhir<Resource>('GET', `Slot/${slotId}`);
    expect(slot.body.status).toBe('busy');
    expect(failures.filter(Boolean).join('\n\n')).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('cancels an upcoming appointment after confirmation; the slot is free again', async () => {
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, patient);
    const booked = await bookedAppointments();
    expect(booked.length).toBeGreaterThan(0);
    const target = booked[0]!;
    await at.open(page, '/appointments');
    await page.locator(`a[href="/appointments/${target.id}/cancel"]`).click();
    await settled(page);
    expect(await at.h1(page)).toBe('Cancel your appointment');
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByLabel('Why are you cancelling? (optional)').fill('I feel better');
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByText('Your appointment has been cancelled.').waitFor();
    expect(await at.h1(page)).toBe('GP appointments');
    const cancelled = await at.fhir<Resource>('GET', `Appointment/${target.id}`);
    expect(cancelled.body.status).toBe('cancelled');
    const slotRef = (cancelled.body.slot as { reference: string }[])[0]!.reference;
    expect((await at.fhir<Resource>('GET', slotRef)).body.status).toBe('free');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says so when the chosen time was booked by someone else meanwhile', async () => {
    const { page, context } = await visit(browser);
    await at.signInAsPatient(page, patient);
    await at.open(page, '/appointments/book');
    await page.locator('input[name="day"]').last().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await settled(page);
    await page.locator('input[name="time"]').last().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await settled(page);
    const slotId = new URL(page.url()).searchParams.get('slot')!;
    const other = server.demo.patients.find((p) => p.id !== patient.id)!;
    const taken = await at.fhir('POST', 'Appointment/$book', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'slot', valueReference: { reference: `Slot/${slotId}` } },
        { name: 'patient', valueReference: { reference: `Patient/${other.id}` } },
      ],
    });
    expect(taken.status).toBe(201);
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByText('Sorry, this time has just been booked by someone else').waitFor();
    expect(await page.getByRole('link', { name: 'Choose another time' }).count()).toBe(1);
    expect(describeViolations(await runAxe(page))).toBe('');
    await context.close();
  });
});

describe('repeat prescriptions', { timeout: 90_000 }, () => {
  it('requests a repeat medicine as a Task for the GP practice, then shows it as sent', async () => {
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, repeatPatient, '/prescriptions');
    expect(await at.h1(page)).toBe('Repeat prescriptions');
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByRole('button', { name: 'Request medicines' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Select at least one medicine');
    expect(describeViolations(await runAxe(page))).toBe('');
    const medicine = (await page.locator('label[for="medicine"]').innerText()).trim();
    await page.locator('#medicine').check();
    await page.getByRole('button', { name: 'Request medicines' }).click();
    await page.locator('.app-success, .app-section-problem').first().waitFor();
    expect(await page.locator('main').innerText()).toContain('Your request for 1 medicine has been sent to');
    await settled(page);
    const firstRow = await page.locator('.app-requests-table tbody tr').first().innerText();
    expect(firstRow).toContain(medicine);
    expect(firstRow).toContain('Sent to your GP practice');
    const tasks = await at.fhir<SearchBundle>(
      'GET',
      `Task?patient=Patient/${repeatPatient.id}&status=requested&code=https://heartwood.nhs.example/fhir/CodeSystem/task-code|repeat-prescription-request`,
    );
    const task = tasks.body.entry![0]!.resource;
    expect(task).toMatchObject({ intent: 'order', requester: { reference: `Patient/${repeatPatient.id}` } });
    expect((task.owner as { reference: string }).reference).toMatch(/^Organization\//);
    expect((task.focus as { reference: string }).reference).toMatch(/^MedicationRequest\//);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('your choices', { timeout: 90_000 }, () => {
  const consents = async (kind: string) =>
    (
      await at.fhir<SearchBundle>(
        'GET',
        `Consent?patient=Patient/${patient.id}&category=https://heartwood.nhs.example/fhir/CodeSystem/consent-kind|${kind}`,
      )
    ).body.entry?.map((e) => e.resource) ?? [];
  const row = (page: Page, name: string) =>
    page
      .locator('.nhsuk-summary-list__row', { has: page.locator('dt', { hasText: name }) })
      .locator('dd')
      .first();

  it('records sharing, opt-out and research choices as Consents, and a full record request as a Task', async () => {
    const { page, context, problems } = await visit(browser);
    const failures: string[] = [];
    await at.signInAsPatient(page, patient, '/choices');
    expect(await at.h1(page)).toBe('Your choices');
    failures.push(await axeClean(page, 'choices'));
    expect(await row(page, 'Sharing your record for your care').innerText()).toContain(
      'whole record is shared',
    );

    await page.getByRole('link', { name: 'Change Sharing your record for your care' }).click();
    await settled(page);
    failures.push(await axeClean(page, 'sharing'));
    await page.getByLabel('Mental health').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your choice has been saved.').waitFor();
    await settled(page);
    expect(await row(page, 'Sharing your record for your care').innerText()).toBe(
      'Kept to your GP practice: Mental health',
    );
    const [sharing] = await consents('record-sharing');
    expect(sharing).toMatchObject({
      status: 'active',
      provision: { type: 'deny', securityLabel: [{ code: 'PSY' }] },
    });

    await page.getByRole('link', { name: 'Change Using your data for research and planning' }).click();
    await settled(page);
    failures.push(await axeClean(page, 'data opt-out'));
    await page.getByLabel('No, I want to opt out').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your choice has been saved.').waitFor();
    await settled(page);
    expect(await row(page, 'Using your data for research and planning').innerText()).toBe(
      'You have opted out',
    );
    // Opting back in keeps the same Consent, withdrawn, as a new version.
    await page.getByRole('link', { name: 'Change Using your data for research and planning' }).click();
    await settled(page);
    await page.getByLabel('Yes, my data can be used').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your choice has been saved.').waitFor();
    await settled(page);
    expect(await row(page, 'Using your data for research and planning').innerText()).toContain('can be used');
    const optOuts = await consents('national-data-opt-out');
    expect(optOuts).toHaveLength(1);
    expect(optOuts[0]).toMatchObject({ status: 'inactive', meta: { versionId: '2' } });

    await page.getByRole('link', { name: 'Change Being contacted about research' }).click();
    await settled(page);
    failures.push(await axeClean(page, 'research'));
    await page.getByLabel('Yes, by phone').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your choice has been saved.').waitFor();
    await settled(page);
    expect(await row(page, 'Being contacted about research').innerText()).toBe('Yes, by phone');

    await page.getByRole('link', { name: 'Change Seeing your full GP record' }).click();
    await settled(page);
    failures.push(await axeClean(page, 'full record'));
    await page.getByRole('button', { name: 'Ask my GP practice' }).click();
    await page.getByText('Your choice has been saved.').waitFor();
    await settled(page);
    expect(await row(page, 'Seeing your full GP record').innerText()).toMatch(
      /You asked your GP practice on \d+ \w+ \d{4}/,
    );
    expect(failures.filter(Boolean).join('\n\n')).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('who has looked at your record', { timeout: 90_000 }, () => {
  it('tells the patient in plain English, emergency access with its reason, and takes a concern', async () => {
    // A hospital doctor with no care relationship breaks the glass and reads the record.
    const practitioners = await at.fhir<SearchBundle>('GET', 'Practitioner?_count=1');
    const doctor = practitioners.body.entry![0]!.resource;
    const token = await server.token({
      role: 'clinician',
      person: `Practitioner/${doctor.id}`,
      name: 'Dr Test Emergency',
      scope: 'user/*.cruds',
    });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/fhir/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/fhir+json',
          ...(body ? { 'content-type': 'application/fhir+json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    const glass = await call('POST', `Patient/${patient.id}/$break-glass`, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'reason', valueCoding: { code: 'emergency-care' } },
        { name: 'text', valueString: 'Brought in unconscious to A&E' },
      ],
    });
    expect(glass.status).toBe(200);
    expect((await call('GET', `Patient/${patient.id}`)).status).toBe(200);

    const { page, context, problems } = await visit(browser);
    // The patient's own look at their record (the home page) comes first.
    await at.signInAsPatient(page, patient, '/');
    await at.open(page, '/access-log');
    expect(await at.h1(page)).toBe('Who has looked at your record');
    expect(describeViolations(await runAxe(page))).toBe('');
    const emergency = page.locator('.app-access-entry--emergency').first();
    const text = await emergency.innerText();
    expect(text).toContain('Emergency access');
    expect(text).toMatch(
      /Dr Test Emergency, doctor.* opened your whole record on \d+ \w+ \d{4} at \d{2}:\d{2} to treat you in an emergency\./,
    );
    expect(text).toContain('Brought in unconscious to A&E');
    // The patient's own looks are left out unless asked for.
    expect(await page.locator('.app-access-entry', { hasText: /^You / }).count()).toBe(0);
    await page.getByLabel('Include the times you looked at your own record').check();
    await page.locator('.app-access-entry', { hasText: 'You looked at' }).first().waitFor();

    await emergency.getByRole('link', { name: /Report a concern/ }).click();
    await settled(page);
    expect(await at.h1(page)).toBe('Report a concern');
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByRole('button', { name: 'Send concern' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await page.getByLabel('What worries you about this?').fill('I was not in hospital that day');
    await page.getByRole('button', { name: 'Send concern' }).click();
    await page.getByText('Your concern has been sent to the privacy office').waitFor();
    const concerns = await at.fhir<SearchBundle>(
      'GET',
      `Task?patient=Patient/${patient.id}&code=https://heartwood.nhs.example/fhir/CodeSystem/task-code|access-concern`,
    );
    const concern = concerns.body.entry![0]!.resource;
    expect(concern).toMatchObject({ status: 'requested', description: 'I was not in hospital that day' });
    expect((concern.focus as { reference: string }).reference).toMatch(/^AuditEvent\//);
    expect(problems).toEqual([]);
    await context.close();
  });
});

const PAGES = [
  '/access-log',
  '/appointments',
  '/appointments/book',
  '/prescriptions',
  '/choices',
  '/choices/sharing',
  '/choices/data-opt-out',
  '/appointments?lang=cy',
  '/appointments/book?lang=cy',
  '/prescriptions?lang=cy',
  '/choices?lang=cy',
  '/documents',
  '/download',
  '/documents?lang=cy',
  '/download?lang=cy',
];

describe('accessibility of the service pages', { timeout: 120_000 }, () => {
  for (const [label, viewport] of [
    ['1280 px', DESKTOP],
    ['640 px (1280 at 200 % zoom)', ZOOMED],
    ['320 px', NARROW],
  ] as const) {
    it(`has no axe violations and no sideways scrolling at ${label}`, async () => {
      const { page, context, problems } = await visit(browser, viewport);
      await at.signInAsPatient(page, patient);
      const failures: string[] = [];
      for (const path of PAGES) {
        await at.open(page, path);
        failures.push(await axeClean(page, path));
        if (await scrollsSideways(page)) failures.push(`${path}: scrolls sideways at ${label}`);
        await forgetLanguage(page);
      }
      expect(failures.filter(Boolean).join('\n\n')).toBe('');
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

describe('screenshots of the service pages', { timeout: 120_000 }, () => {
  const SHOTS = [
    { file: 'gp-appointments', path: '/appointments' },
    { file: 'book-choose-day', path: '/appointments/book' },
    { file: 'prescriptions', path: '/prescriptions' },
    { file: 'choices', path: '/choices' },
    { file: 'access-log', path: '/access-log' },
    { file: 'documents', path: '/documents' },
    { file: 'download', path: '/download' },
  ];
  for (const [suffix, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    it(`at ${viewport.width} px`, async () => {
      const dir = await screenshotDir();
      const { page, context } = await visit(browser, viewport);
      await at.signInAsPatient(page, patient);
      for (const shot of SHOTS) {
        await at.open(page, shot.path);
        await page.screenshot({ path: join(dir, `${shot.file}-${suffix}.png`), fullPage: true });
      }
      await context.close();
    });
  }
});

describe('download your record', { timeout: 90_000 }, () => {
  it('saves the summary as an IPS document and shows it as a page to print', async () => {
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, patient, '/download');
    expect(await at.h1(page)).toBe('Download your record');
    await page.getByRole('button', { name: 'Download as a file' }).waitFor();
    await settled(page);
    expect(await page.locator('main h2').count()).toBeGreaterThan(2);
    expect(describeViolations(await runAxe(page))).toBe('');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('my-health-record.json');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const saved = JSON.parse(await readFile(path, 'utf8')) as {
      resourceType: string;
      type: string;
      entry: { resource: { resourceType: string } }[];
    };
    expect(saved).toMatchObject({ resourceType: 'Bundle', type: 'document' });
    expect(saved.entry[0]!.resource.resourceType).toBe('Composition');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('records that disagree', { timeout: 90_000 }, () => {
  it('shows an allergy another place ruled out, with both sources, instead of hiding it', async () => {
    const allergy = (source: string, verification: string) => ({
      resourceType: 'AllergyIntolerance',
      meta: { source },
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
            code: verification,
          },
        ],
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '227493005', display: 'Cashew nuts' }] },
      patient: { reference: `Patient/${patient.id}` },
      recordedDate: '2025-01-10',
    });
    expect(
      (
        await at.fhir(
          'POST',
          'AllergyIntolerance',
          allergy('https://heartwood.nhs.example/source/gp-test', 'confirmed'),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await at.fhir(
          'POST',
          'AllergyIntolerance',
          allergy('https://heartwood.nhs.example/source/hospital-test', 'refuted'),
        )
      ).status,
    ).toBe(201);
    const condition = (source: string, verification: string) => ({
      resourceType: 'Condition',
      meta: { source },
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification },
        ],
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }] },
      subject: { reference: `Patient/${patient.id}` },
      onsetDateTime: '2024-02-01',
    });
    expect(
      (
        await at.fhir(
          'POST',
          'Condition',
          condition('https://heartwood.nhs.example/source/gp-test', 'confirmed'),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await at.fhir(
          'POST',
          'Condition',
          condition('https://heartwood.nhs.example/source/hospital-test', 'refuted'),
        )
      ).status,
    ).toBe(201);
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, patient, '/');
    const problem = page.locator('#problems-heading + ul > li', { hasText: 'Asthma' });
    await problem.waitFor();
    expect(await problem.locator('.app-conflict').innerText()).toContain(
      'somewhere else recorded that you do not have this condition',
    );
    const entry = page.locator('#allergies-heading + ul > li', { hasText: 'Cashew' });
    await entry.waitFor();
    expect(await entry.locator('.app-conflict').innerText()).toContain('The records disagree');
    expect(describeViolations(await runAxe(page))).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('letters and documents', { timeout: 90_000 }, () => {
  it('lists the letters in the record with their source, and shows a letter’s text', async () => {
    const letters = await at.fhir<SearchBundle>('GET', 'DocumentReference?_count=1');
    const subject = (letters.body.entry![0]!.resource.subject as { reference: string }).reference.slice(8);
    const p = (await at.fhir<{ name: { given: string[]; family: string }[] }>('GET', `Patient/${subject}`))
      .body;
    const person = { id: subject, name: `${p.name[0]!.given.join(' ')} ${p.name[0]!.family}` };
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, person, '/documents');
    expect(await at.h1(page)).toBe('Letters and documents');
    const letter = page.locator('#documents-heading + ul > li').first();
    await letter.waitFor();
    expect(await letter.innerText()).toMatch(/Discharge summary|Emergency department discharge letter/);
    await letter.locator('summary').click();
    expect(await letter.locator('.app-document-text').innerText()).toContain(
      'Your GP practice has been sent a copy',
    );
    expect(describeViolations(await runAxe(page))).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('keyboard and slow networks', { timeout: 120_000 }, () => {
  /** Presses Tab until the focused element's text (or label) matches; fails if it never does. */
  async function tabTo(page: Page, match: RegExp): Promise<void> {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      // Run in the page (as text: the tests are compiled without the DOM's types).
      const text = await page.evaluate<string>(`(() => {
        const el = document.activeElement;
        if (!el) return '';
        const id = el.getAttribute('id');
        const label = id ? document.querySelector('label[for="' + id + '"]') : null;
        return ((label && label.textContent) || el.innerText || el.getAttribute('value') || '').trim();
      })()`);
      if (match.test(text)) return;
    }
    throw new Error(`Tabbing never reached ${match}`);
  }

  it('books an appointment with the keyboard alone', async () => {
    const { page, context, problems } = await visit(browser);
    await at.signInAsPatient(page, patient, '/appointments');
    await tabTo(page, /^Book an appointment$/);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await at.h1(page)).toContain('Choose a day');
    await tabTo(page, /^(Monday|Tuesday|Wednesday|Thursday|Friday) /);
    await page.keyboard.press('Space');
    await tabTo(page, /^Continue$/);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await at.h1(page)).toContain('Choose a time');
    await tabTo(page, /^\d{2}:\d{2}$/);
    await page.keyboard.press('Space');
    await tabTo(page, /^Continue$/);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await at.h1(page)).toContain('Check your appointment');
    await tabTo(page, /^Book appointment$/);
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Appointment booked' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs in and shows the record summary over a slow 3G connection', async () => {
    const { page, context, problems } = await visit(browser);
    // Chrome's "Slow 3G" profile: 400 ms round trips, about 50 kB/s each way.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1024) / 8,
      uploadThroughput: (400 * 1024) / 8,
    });
    // Bytes on the wire (compressed), as the network reports them.
    const scripts = new Set<string>();
    let scriptBytes = 0;
    cdp.on('Network.responseReceived', (e: { requestId: string; type?: string }) => {
      if (e.type === 'Script') scripts.add(e.requestId);
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      if (scripts.has(e.requestId)) scriptBytes += e.encodedDataLength;
    });
    await at.signInAsPatient(page, patient, '/');
    await page.locator('#allergies-heading').waitFor({ timeout: 60_000 });
    await page.locator('#medicines-heading').waitFor({ timeout: 60_000 });
    expect(await at.h1(page)).toBe('Your health record');
    expect(scriptBytes).toBeGreaterThan(10 * 1024);
    expect(scriptBytes).toBeLessThan(200 * 1024);
    expect(problems).toEqual([]);
    await context.close();
  });
});
