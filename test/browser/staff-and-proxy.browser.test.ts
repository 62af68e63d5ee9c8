import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInAccount } from '../../src/auth/index.js';
import { buildWebApp, WEB_DIST_DIR } from './support/build-web-app.js';
import { DESKTOP, MOBILE, NARROW, pages, visit, ZOOMED } from './support/browser-visit.js';
import { launchChromium } from './support/launch-chromium.js';
import { scrollsSideways, settled } from './support/page-helpers.js';
import { describeViolations, runAxe } from './support/run-axe.js';
import { screenshotDir } from './support/screenshots.js';
import { startHeartwood } from './support/start-heartwood.js';
import type { RunningHeartwood } from './support/start-heartwood.js';

let server: RunningHeartwood;
let browser: Browser;
let at: ReturnType<typeof pages>;
let account: (id: string) => SignInAccount;

interface Resource {
  resourceType: string;
  id: string;
  [k: string]: unknown;
}
interface SearchBundle {
  entry?: { resource: Resource }[];
}

beforeAll(async () => {
  await buildWebApp();
  server = await startHeartwood(WEB_DIST_DIR);
  at = pages(server);
  const accounts = server.heartwood.signIn.accounts.list();
  account = (id) => accounts.find((a) => a.id === id)!;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Signs in as one of the demo accounts (the same people the demo sign-in page offers). */
async function signInAs(page: Page, id: string, path: string, patientName?: string) {
  const a = account(id);
  await at.signIn(
    page,
    {
      role: a.role,
      // The provider's subject for a demo account is its id.
      subject: a.id,
      person: a.person,
      patient: a.patient,
      organization: a.organization,
      name: a.name,
      patientName,
    },
    path,
  );
}

async function axe(page: Page, label: string): Promise<string> {
  const v = await runAxe(page);
  return v.length ? `${label}:\n${describeViolations(v)}` : '';
}

/** The patient the demo clinician may see (a care relationship) and one they may not. */
async function clinicianPatients(): Promise<{ visible: Resource; hidden: string }> {
  const a = account('demo-clinician');
  const token = await server.token({
    role: 'clinician',
    person: a.person,
    organization: a.organization,
    name: a.name,
    scope: 'user/*.cruds',
  });
  const response = await fetch(`${server.url}/fhir/Patient?_count=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const visible = ((await response.json()) as SearchBundle).entry!.map((e) => e.resource);
  const ids = new Set(visible.map((p) => p.id));
  return { visible: visible[0]!, hidden: server.demo.patients.find((p) => !ids.has(p.id))!.id };
}

describe('clinician shared record', { timeout: 90_000 }, () => {
  it('finds a patient by NHS number and shows the record by category, source and time, with each source’s freshness', async () => {
    const { visible } = await clinicianPatients();
    const nhs = (visible.identifier as { system: string; value: string }[]).find((i) =>
      i.system.endsWith('nhs-number'),
    )!.value;
    const { page, context, problems } = await visit(browser);
    const failures: string[] = [];
    await signInAs(page, 'demo-clinician', '/');
    expect(page.url()).toBe(at.url('/clinician'));
    expect(await at.h1(page)).toBe('Find a patient');
    failures.push(await axe(page, 'find a patient'));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    failures.push(await axe(page, 'find a patient, with errors'));
    await page.getByLabel('NHS number').fill(nhs);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 patient found').waitFor();
    await page.locator('main ul.nhsuk-list a').first().click();
    await settled(page);
    expect(page.url()).toBe(at.url(`/clinician/patient/${visible.id}`));
    const sources = page.locator('table tbody tr');
    expect(await sources.count()).toBeGreaterThan(0);
    expect(await sources.first().innerText()).toMatch(
      /(Practice|Surgery|Centre|Trust)\s+\d+\s+\d+ \w+ \d{4}/,
    );
    expect(await page.locator('main h3').allInnerTexts()).toContain('Test results and observations');
    failures.push(await axe(page, 'record by category'));
    await page.getByRole('link', { name: 'By source' }).click();
    await settled(page);
    failures.push(await axe(page, 'record by source'));
    await page.getByRole('link', { name: 'Timeline' }).click();
    await settled(page);
    const dates = await page.locator('.app-record-group__entry').count();
    expect(dates).toBeGreaterThan(0);
    expect(failures.filter(Boolean).join('\n\n')).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('without a care relationship: the break-glass page, with its warning, then the record', async () => {
    const { hidden } = await clinicianPatients();
    const nhs = server.demo.patients.find((p) => p.id === hidden)!.nhsNumber;
    const { page, context } = await visit(browser);
    await signInAs(page, 'demo-clinician', '/');
    // The trace finds a patient the clinician has no recorded relationship with, and says so.
    await page.getByLabel('NHS number').fill(nhs);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No care relationship recorded').waitFor();
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.locator('main ul.nhsuk-list a').first().click();
    await settled(page);
    expect(page.url()).toBe(at.url(`/clinician/patient/${hidden}`));
    expect(await at.h1(page)).toBe('You do not have a care relationship with this patient');
    expect(await page.locator('.nhsuk-warning-callout').innerText()).toContain(
      'Privacy officers are alerted',
    );
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByRole('button', { name: 'Open the record (break the glass)' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Choose a reason');
    await page.getByLabel('Emergency care: the patient needs treatment now').check();
    await page.getByLabel('Explain in your own words').fill('Collapsed in the waiting room, unable to speak');
    await page.getByRole('button', { name: 'Open the record (break the glass)' }).click();
    await page.locator('h1 .nhsuk-caption-l', { hasText: 'Shared care record' }).waitFor();
    await settled(page);
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe('privacy officer console', { timeout: 90_000 }, () => {
  it('reviews the emergency access in the queue, and searches the audit trail', async () => {
    const { page, context, problems } = await visit(browser);
    const failures: string[] = [];
    await signInAs(page, 'demo-privacy-officer', '/');
    expect(page.url()).toBe(at.url('/privacy'));
    expect(await at.h1(page)).toBe('Review queue');
    failures.push(await axe(page, 'queue'));
    const item = page.locator('.nhsuk-card', { hasText: 'Collapsed in the waiting room' });
    expect(await item.innerText()).toContain('Emergency care: the patient needs treatment now');
    const patientId = (await item.locator('dd a').first().innerText()).trim();
    await item.getByRole('link', { name: /Mark as reviewed/ }).click();
    await settled(page);
    expect(await at.h1(page)).toBe('Review an emergency access');
    failures.push(await axe(page, 'review'));
    await page
      .getByLabel('What did you find?')
      .fill('Confirmed with the emergency department: the patient was treated.');
    await page.getByRole('button', { name: 'Mark as reviewed' }).click();
    await page.getByText('Marked as reviewed.').waitFor();
    await settled(page);
    expect(await page.locator('.nhsuk-card', { hasText: 'Collapsed in the waiting room' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit search' }).click();
    await settled(page);
    failures.push(await axe(page, 'audit search'));
    await page.getByLabel('Patient ID').fill(patientId);
    await page.getByLabel('Kind of event').selectOption('break-glass');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/^\d+ events?$/).waitFor();
    await settled(page);
    const rows = await page.locator('table tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toContain('Collapsed in the waiting room');
    failures.push(await axe(page, 'audit results'));
    expect(failures.filter(Boolean).join('\n\n')).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('acting for someone else', { timeout: 90_000 }, () => {
  it('shows a carer whose record they are looking at, on every page', async () => {
    const proxy = account('demo-proxy');
    const patient = (
      await at.fhir<{ name: { given: string[]; family: string }[] }>('GET', `Patient/${proxy.patient}`)
    ).body;
    const name = `${patient.name[0]!.given.join(' ')} ${patient.name[0]!.family}`;
    const { page, context, problems } = await visit(browser);
    await signInAs(page, 'demo-proxy', '/', name);
    expect(await at.h1(page)).toBe('Your health record');
    expect(await page.locator('.app-acting-for').innerText()).toContain(`You are acting for ${name}.`);
    expect(describeViolations(await runAxe(page))).toBe('');
    await at.open(page, '/appointments');
    expect(await page.locator('.app-acting-for').innerText()).toContain(`You are acting for ${name}.`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to another person the carer acts for, and back', async () => {
    const proxy = account('demo-proxy');
    const nameOf = async (id: string) => {
      const p = (await at.fhir<{ name: { given: string[]; family: string }[] }>('GET', `Patient/${id}`)).body;
      return `${p.name[0]!.given.join(' ')} ${p.name[0]!.family}`;
    };
    const son = await nameOf(proxy.patient!);
    const fatherRef = (
      await at.fhir<{ patient: { reference: string } }>('GET', 'RelatedPerson/demo-carer-father')
    ).body.patient.reference;
    const father = await nameOf(fatherRef.slice('Patient/'.length));
    const { page, context, problems } = await visit(browser);
    await signInAs(page, 'demo-proxy', '/', son);
    await page.getByRole('link', { name: 'Act for someone else' }).click();
    await settled(page);
    expect(await at.h1(page)).toBe('Who are you acting for?');
    expect(await page.locator('main button').count()).toBe(2);
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByRole('button', { name: `Act for ${father}` }).click();
    await settled(page);
    expect(await at.h1(page)).toBe('Your health record');
    expect(await page.locator('.app-acting-for').innerText()).toContain(`You are acting for ${father}.`);
    expect(await page.locator('.app-patient-details').innerText()).toContain(father);
    await page.getByRole('link', { name: 'Act for someone else' }).click();
    await settled(page);
    await page.getByRole('button', { name: `Act for ${son}` }).click();
    await settled(page);
    expect(await page.locator('.app-acting-for').innerText()).toContain(`You are acting for ${son}.`);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('accessibility and screenshots of the staff pages', { timeout: 120_000 }, () => {
  for (const [label, viewport] of [
    ['1280 px', DESKTOP],
    ['640 px (1280 at 200 % zoom)', ZOOMED],
    ['320 px', NARROW],
  ] as const) {
    it(`has no axe violations and no sideways scrolling at ${label}`, async () => {
      const { visible } = await clinicianPatients();
      const { page, context } = await visit(browser, viewport);
      const failures: string[] = [];
      for (const [who, path] of [
        ['demo-clinician', '/clinician'],
        ['demo-clinician', `/clinician/patient/${visible.id}`],
        ['demo-clinician', `/clinician/patient/${visible.id}?lang=cy`],
        ['demo-privacy-officer', '/privacy'],
        ['demo-privacy-officer', `/privacy/audit?patient=${visible.id}`],
      ] as const) {
        await signInAs(page, who, path);
        failures.push(await axe(page, path));
        if (await scrollsSideways(page)) failures.push(`${path}: scrolls sideways at ${label}`);
      }
      expect(failures.filter(Boolean).join('\n\n')).toBe('');
      await context.close();
    });
  }

  for (const [suffix, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    it(`screenshots at ${viewport.width} px`, async () => {
      const dir = await screenshotDir();
      const { visible, hidden } = await clinicianPatients();
      const { page, context } = await visit(browser, viewport);
      for (const [who, path, file] of [
        ['demo-clinician', `/clinician/patient/${visible.id}`, 'clinician-record'],
        ['demo-clinician', `/clinician/patient/${hidden}`, 'clinician-break-glass'],
        ['demo-privacy-officer', '/privacy', 'privacy-queue'],
        ['demo-privacy-officer', `/privacy/audit?patient=${visible.id}`, 'privacy-audit-search'],
      ] as const) {
        await signInAs(page, who, path);
        await page.screenshot({ path: join(dir, `${file}-${suffix}.png`), fullPage: true });
      }
      await context.close();
    });
  }
});
