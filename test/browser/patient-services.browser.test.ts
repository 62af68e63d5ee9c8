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

const PAGES = ['/appointments', '/appointments/book', '/appointments?lang=cy', '/appointments/book?lang=cy'];

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
