import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kilobytes, measureFirstLoadJs } from '../../web/build/first-load-weight.js';
import { buildWebApp, WEB_DIST_DIR } from './support/build-web-app.js';
import { pages } from './support/browser-visit.js';
import { demoPeople } from './support/demo-people.js';
import type { DemoPerson } from './support/demo-people.js';
import { launchChromium } from './support/launch-chromium.js';
import {
  focusedTag,
  focusedText,
  forgetLanguage,
  hasVisibleFocus,
  scrollsSideways,
  settled,
  storedSession,
} from './support/page-helpers.js';
import { describeViolations, runAxe } from './support/run-axe.js';
import { screenshotDir } from './support/screenshots.js';
import { startHeartwood } from './support/start-heartwood.js';
import type { RunningHeartwood } from './support/start-heartwood.js';

const DESKTOP = { width: 1280, height: 900 };
// 1280 CSS pixels at 200 % zoom.
const ZOOMED = { width: 640, height: 450 };
const NARROW = { width: 320, height: 640 };
const MOBILE = { width: 375, height: 812 };
const FIRST_LOAD_BUDGET = 200_000;

let server: RunningHeartwood;
let browser: Browser;
let people: Awaited<ReturnType<typeof demoPeople>>;

beforeAll(async () => {
  await buildWebApp();
  server = await startHeartwood(WEB_DIST_DIR);
  people = await demoPeople(server);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Visit {
  page: Page;
  context: BrowserContext;
  /** Console errors and warnings, page errors, and CSP violations (Chromium reports them as errors). */
  problems: string[];
}

async function visit(viewport = DESKTOP): Promise<Visit> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // The sign-in provider's server-rendered page names no icon, so Chromium asks for /favicon.ico.
    if (m.location().url.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, context, problems };
}

const url = (path: string) => `${server.url}${path}`;

async function open(page: Page, path: string): Promise<void> {
  await page.goto(url(path));
  await settled(page);
}

/** Signs in as the patient (with a token Heartwood's key signed: the sign-in journey has its own test). */
async function choosePatient(page: Page, person: DemoPerson): Promise<void> {
  await pages(server).signInAsPatient(page, person);
}

const h1 = (page: Page) => page.locator('h1').innerText();

describe('the patient front door, end to end', { timeout: 60_000 }, () => {
  it('sends a visitor without a session to sign in, through the demo account page and back to their record', async () => {
    const { page, context, problems } = await visit();
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(new URL(r.url()).pathname);
    });
    await open(page, '/test-results');
    expect(page.url()).toBe(url(`/sign-in?return=${encodeURIComponent('/test-results')}`));
    expect(await h1(page)).toBe('Sign in to Heartwood');
    expect(await page.title()).toBe('Sign in to Heartwood – Heartwood');
    expect(await page.locator('.app-demo-banner').innerText()).toContain('made-up patients');
    expect(await page.locator('main').innerText()).toContain('choose one of the demo accounts');
    expect(describeViolations(await runAxe(page))).toBe('');
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    // The provider's own page: one button per demo account; the patient is the first.
    const patientButton = page.getByRole('button', { name: /^Sign in as .*Patient registered at/ });
    await patientButton.waitFor();
    await patientButton.click();
    await page.waitForURL(url('/test-results'));
    await settled(page);
    expect(await h1(page)).toBe('Test results');
    const account = await page.getByRole('navigation', { name: 'Account' }).innerText();
    expect(account).toContain(people.multiSource.name);
    // The token carries the scopes the pages need, and the refresh token renews it at the provider.
    const stored = (await storedSession(page))!;
    const claims = JSON.parse(
      Buffer.from(stored.tokens.accessToken.split('.')[1]!, 'base64url').toString(),
    ) as {
      scope: string;
      heartwood_role: string;
      patient: string;
    };
    expect(claims).toMatchObject({ heartwood_role: 'patient', patient: people.multiSource.id });
    expect(claims.scope.split(' ')).toContain('patient/*.cruds');
    expect(stored.tokens.refreshToken).toBeTruthy();
    const refreshed = await fetch(url('/oidc/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.tokens.refreshToken!,
        client_id: 'heartwood-web',
      }),
    });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { access_token?: string }).access_token).toBeTruthy();
    // The session survives a reload (kept for this tab) and ends at sign-out.
    await page.reload();
    await settled(page);
    expect(await h1(page)).toBe('Test results');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await settled(page);
    expect(await h1(page)).toBe('You have signed out');
    await open(page, '/');
    expect(await h1(page)).toBe('Sign in to Heartwood');
    expect(missing).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the summary first; one allergy recorded by two sources is one allergy with both', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.multiSource);
    expect(await h1(page)).toBe('Your health record');
    expect(await page.title()).toBe('Your health record – Heartwood');
    const headings = await page.locator('main h2').allInnerTexts();
    expect(headings.slice(0, 4)).toEqual([
      'Allergies and reactions',
      'Current medicines',
      'Health conditions',
      'Vaccinations',
    ]);
    expect(await page.locator('.app-patient-details').innerText()).toContain(people.multiSource.name);

    const allergies = page.locator('#allergies-heading + ul > li');
    expect(await allergies.count()).toBe(1);
    const allergy = await allergies.innerText();
    expect(allergy).toContain('Amoxicillin (an antibiotic)');
    expect(allergy).toContain('Hives (an itchy, raised rash)');
    const sources = await allergies.locator('.app-recorded-by').allInnerTexts();
    expect(sources).toHaveLength(2);
    expect(sources.join('\n')).toMatch(/Recorded by .*(Practice|Surgery|Centre) on \d+ \w+ \d{4}/);
    expect(sources.join('\n')).toMatch(/Recorded by .*NHS .*Trust on \d+ \w+ \d{4}/);
    // Coded entries are shown by their words, never their codes.
    expect(await page.locator('main').innerText()).not.toMatch(/\b\d{6,18}\b(?! \d)/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists test results by everyday name and charts HbA1c with a data table', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.diabetes);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Test results' }).click();
    await settled(page);
    expect(page.url()).toBe(url('/test-results'));
    expect(await h1(page)).toBe('Test results');
    expect(await page.title()).toBe('Test results – Heartwood');
    const cards = await page.locator('.app-test-card h2').allInnerTexts();
    expect(cards).toEqual(
      expect.arrayContaining(['HbA1c (average blood sugar)', 'Blood pressure', 'Weight']),
    );
    expect(await page.locator('.app-test-card', { hasText: 'HbA1c' }).innerText()).toMatch(
      new RegExp(`Latest: \\d+ mmol/mol on .*\\n?${people.hba1cCount} results`),
    );

    await page.getByRole('link', { name: 'HbA1c (average blood sugar)' }).click();
    await settled(page);
    expect(page.url()).toBe(url('/test-results/hba1c'));
    expect(await page.title()).toBe('HbA1c (average blood sugar) – Heartwood');
    const chart = page.locator('figure svg[role="img"]');
    const summary = await chart.locator('title').textContent();
    expect(summary).toContain(`Line chart of ${people.hba1cCount} HbA1c results.`);
    expect(summary).toMatch(/lowest \d+ mmol\/mol, highest \d+ mmol\/mol, latest \d+ mmol\/mol/);
    expect(await chart.locator('circle').count()).toBe(people.hba1cCount);
    const rows = page.locator('table.app-results-table tbody tr');
    expect(await rows.count()).toBe(people.hba1cCount);
    expect(await rows.first().innerText()).toMatch(/\d+ mmol\/mol/);
    expect(await page.locator('table.app-results-table caption').innerText()).toBe('All your HbA1c results');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('charts blood pressure as two series told apart by shape and line, not colour alone', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.diabetes);
    await open(page, '/test-results/blood-pressure');
    expect(await h1(page)).toBe('Blood pressure');
    const series = page.locator('figure svg[role="img"] g[data-series]');
    expect(await series.count()).toBe(2);
    expect(await series.nth(0).locator('circle').count()).toBeGreaterThan(1);
    expect(await series.nth(1).locator('rect').count()).toBeGreaterThan(1);
    expect(await series.nth(1).locator('path').first().getAttribute('stroke-dasharray')).toBeTruthy();
    expect(await page.locator('.app-chart__legend li').allInnerTexts()).toEqual([
      'Systolic (first number)',
      'Diastolic (second number)',
    ]);
    expect(await page.locator('table.app-results-table tbody tr').first().innerText()).toMatch(
      /\d+\/\d+ mmHg/,
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows appointments and visits newest first, each with where it came from and when', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.diabetes);
    await page.getByRole('link', { name: 'Appointments and visits' }).first().click();
    await settled(page);
    expect(await h1(page)).toBe('Appointments and visits');
    const encounters = await people.fhirGet<{ total: number }>(
      `Encounter?patient=Patient/${people.diabetes.id}&_summary=count`,
    );
    const items = page.locator('.app-timeline__item');
    expect(await items.count()).toBe(encounters.total);
    for (const text of await items.allInnerTexts()) {
      expect(text).toMatch(/\d{1,2} \w+ \d{4}/);
      expect(text).toMatch(/Where\s+\S+/);
      expect(text).toMatch(/Recorded by \S+/);
    }
    const years = (await page.locator('main h2').allInnerTexts()).map(Number);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(await page.locator('main').innerText()).toMatch(/Hospital stay|A&E visit/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to Welsh and back: text, <html lang>, titles, and English record text marked as English', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.diabetes);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: /Cymraeg/ }).click();
    await settled(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    expect(await h1(page)).toBe('Eich cofnod iechyd');
    expect(await page.title()).toBe('Eich cofnod iechyd – Heartwood');
    expect(await page.locator('.nhsuk-skip-link').innerText()).toBe("Neidio i'r prif gynnwys");
    // Dates in Welsh words (browsers lack Welsh date names; the catalogue has them).
    const welsh = await page.locator('main').innerText();
    expect(welsh).toMatch(
      /\d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
    );
    expect(welsh).not.toMatch(
      /\d+ (January|February|March|April|June|July|August|September|October|November|December) \d{4}/,
    );
    await page
      .getByRole('navigation', { name: 'Dewislen' })
      .getByRole('link', { name: 'Canlyniadau profion' })
      .click();
    await settled(page);
    expect(await h1(page)).toBe('Canlyniadau profion');
    await page.reload();
    await settled(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await open(page, '/');
    expect(await page.locator('main [lang="en"]').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: /English/ }).click();
    await settled(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await h1(page)).toBe('Your health record');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works with the keyboard alone: skip link, then to a test result and its table', async () => {
    const { page, context, problems } = await visit();
    await choosePatient(page, people.diabetes);
    await open(page, '/');

    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Skip to main content');
    const skip = await page.locator('.nhsuk-skip-link').boundingBox();
    expect(skip && skip.height > 10 && skip.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focusedTag(page)).toBe('main');

    const tabTo = async (text: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if ((await focusedText(page)) === text) return;
      }
      throw new Error(`Tabbing never reached "${text}"`);
    };
    await tabTo('Test results');
    expect(await hasVisibleFocus(page)).toBe(true);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(page.url()).toBe(url('/test-results'));
    // Focus moves to the new page's heading, as after a full page load.
    expect(await focusedTag(page)).toBe('h1');

    await tabTo('HbA1c (average blood sugar)');
    expect(await hasVisibleFocus(page)).toBe(true);
    await page.keyboard.press('Enter');
    await settled(page);
    expect(page.url()).toBe(url('/test-results/hba1c'));
    expect(await focusedText(page)).toBe('HbA1c (average blood sugar)');
    expect(await page.locator('table.app-results-table tbody tr').count()).toBe(people.hba1cCount);

    await tabTo('Back to test results');
    await page.keyboard.press('Enter');
    await settled(page);
    expect(page.url()).toBe(url('/test-results'));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows loading states, then a clear problem page built from the server’s OperationOutcome', async () => {
    const { page, context } = await visit();
    await choosePatient(page, people.diabetes);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (u) => u.pathname === '/fhir/Observation',
      async (route) => {
        await held;
        await route.fulfill({
          status: 500,
          contentType: 'application/fhir+json',
          headers: { 'x-request-id': 'test-request-1' },
          body: JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'exception', diagnostics: 'The database is not answering.' }],
          }),
        });
      },
    );
    await page.goto(url('/test-results'));
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.innerText()).toBe('Loading your test results…');
    release();
    await page.locator('h1', { hasText: 'Sorry, there is a problem with the service' }).waitFor();
    expect(await page.title()).toBe('Sorry, there is a problem with the service – Heartwood');
    expect(await page.locator('main').innerText()).toContain('call 111');
    await page.getByText('Details for the support team').click();
    const details = await page.locator('.nhsuk-details__text').innerText();
    expect(details).toContain('The database is not answering.');
    expect(details).toContain('Status: 500');
    expect(details).toContain('test-request-1');
    await context.close();
  });

  it('asks to sign in again when the service no longer accepts the session, with the way back to the page', async () => {
    const { page, context } = await visit();
    await choosePatient(page, people.diabetes);
    await page.route(
      (u) => u.pathname === '/fhir/Observation',
      (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/fhir+json',
          body: '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login","diagnostics":"The access token has expired."}]}',
        }),
    );
    await open(page, '/test-results');
    expect(await h1(page)).toBe('You need to sign in again');
    expect(await page.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      `/sign-in?return=${encodeURIComponent('/test-results')}`,
    );
    expect(describeViolations(await runAxe(page))).toBe('');
    await context.close();
  });

  it('says when a record is not found, and when a page does not exist', async () => {
    const { page, context } = await visit();
    await choosePatient(page, people.diabetes);
    await page.route(
      (u) => u.pathname === '/fhir/Encounter',
      (route) =>
        route.fulfill({
          status: 404,
          contentType: 'application/fhir+json',
          body: JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Patient/x is not known.' }],
          }),
        }),
    );
    await open(page, '/appointments-and-visits');
    expect(await h1(page)).toBe('We could not find this record');
    await open(page, '/test-results/no-such-test');
    expect(await h1(page)).toBe('Page not found');
    expect(await page.title()).toBe('Page not found – Heartwood');
    await context.close();
  });
});

/** Every page of the first slice, as a visitor with a session reaches it. */
const PAGES: { name: string; path: string; person: 'multiSource' | 'diabetes' | 'none' }[] = [
  { name: 'sign in', path: '/sign-in', person: 'none' },
  { name: 'signed out', path: '/sign-out', person: 'none' },
  { name: 'home', path: '/', person: 'multiSource' },
  { name: 'home (diabetes)', path: '/', person: 'diabetes' },
  { name: 'test results', path: '/test-results', person: 'diabetes' },
  { name: 'HbA1c', path: '/test-results/hba1c', person: 'diabetes' },
  { name: 'blood pressure', path: '/test-results/blood-pressure', person: 'diabetes' },
  { name: 'weight', path: '/test-results/weight', person: 'diabetes' },
  { name: 'appointments and visits', path: '/appointments-and-visits', person: 'diabetes' },
  { name: 'home in Welsh', path: '/?lang=cy', person: 'diabetes' },
  { name: 'HbA1c in Welsh', path: '/test-results/hba1c?lang=cy', person: 'diabetes' },
  { name: 'page not found', path: '/no-such-page', person: 'diabetes' },
];

describe(
  'accessibility: axe-core, WCAG 2.0, 2.1 and 2.2 A and AA, with no violations',
  { timeout: 120_000 },
  () => {
    for (const [label, viewport] of [
      ['1280 px', DESKTOP],
      ['640 px (1280 at 200 % zoom)', ZOOMED],
      ['320 px', NARROW],
    ] as const) {
      it(`every page at ${label}`, async () => {
        const { page, context, problems } = await visit(viewport);
        const failures: string[] = [];
        for (const p of PAGES) {
          if (p.person !== 'none') await choosePatient(page, people[p.person]);
          await open(page, p.path);
          const violations = await runAxe(page);
          if (violations.length) failures.push(`${p.name} (${p.path}):\n${describeViolations(violations)}`);
          if (await scrollsSideways(page))
            failures.push(`${p.name} (${p.path}): scrolls sideways at ${label}`);
          // Back to English for the next page, whatever this one chose.
          await forgetLanguage(page);
        }
        expect(failures.join('\n\n')).toBe('');
        expect(problems).toEqual([]);
        await context.close();
      });
    }

    it('the problem page too', async () => {
      const { page, context } = await visit();
      await choosePatient(page, people.diabetes);
      await page.route(
        (u) => u.pathname === '/fhir/Observation',
        (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/fhir+json',
            body: '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"Busy"}]}',
          }),
      );
      await open(page, '/test-results');
      await page.getByText('Details for the support team').click();
      expect(describeViolations(await runAxe(page))).toBe('');
      await context.close();
    });
  },
);

describe('weight', { timeout: 60_000 }, () => {
  it(`the first load of the home page is under ${kilobytes(FIRST_LOAD_BUDGET)} of compressed JavaScript`, async () => {
    const built = await measureFirstLoadJs(WEB_DIST_DIR);
    const { page, context } = await visit();
    // A signed-in visitor on an empty cache: the session is set before any of the page's scripts run.
    const accessToken = await server.token({
      role: 'patient',
      patient: people.diabetes.id,
      person: `Patient/${people.diabetes.id}`,
      name: people.diabetes.name,
    });
    await context.addInitScript(
      `sessionStorage.setItem('heartwood.session', ${JSON.stringify(
        JSON.stringify({ tokens: { accessToken }, patientName: people.diabetes.name }),
      )})`,
    );
    const scripts: Request[] = [];
    page.on('requestfinished', (r) => {
      if (r.resourceType() === 'script') scripts.push(r);
    });
    await open(page, '/');
    expect(await h1(page)).toBe('Your health record');
    let transferred = 0;
    for (const r of scripts) transferred += (await r.sizes()).responseBodySize;
    const encodings = await Promise.all(
      scripts.map(async (r) => (await r.response())?.headerValue('content-encoding')),
    );
    console.log(
      `First load of the home page: ${scripts.length} script(s), ${kilobytes(transferred)} transferred ` +
        `(${encodings.join(', ')}); build: ${kilobytes(built.gzip)} gzip, ${kilobytes(built.brotli)} brotli`,
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(encodings.every((e) => e === 'br' || e === 'gzip')).toBe(true);
    expect(transferred).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    expect(built.gzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    await context.close();
  });
});

describe('screenshots', { timeout: 120_000 }, () => {
  const SHOTS: { file: string; path: string; person: 'multiSource' | 'diabetes' | 'none' }[] = [
    { file: 'sign-in', path: '/sign-in', person: 'none' },
    { file: 'home', path: '/', person: 'diabetes' },
    { file: 'home-allergy-from-two-sources', path: '/', person: 'multiSource' },
    { file: 'test-results', path: '/test-results', person: 'diabetes' },
    { file: 'hba1c', path: '/test-results/hba1c', person: 'diabetes' },
    { file: 'blood-pressure', path: '/test-results/blood-pressure', person: 'diabetes' },
    { file: 'appointments-and-visits', path: '/appointments-and-visits', person: 'diabetes' },
    { file: 'home-welsh', path: '/?lang=cy', person: 'diabetes' },
  ];
  for (const [suffix, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    it(`of the main pages at ${viewport.width} px`, async () => {
      const dir = await screenshotDir();
      const { page, context } = await visit(viewport);
      for (const shot of SHOTS) {
        if (shot.person !== 'none') await choosePatient(page, people[shot.person]);
        await open(page, shot.path);
        await page.screenshot({ path: join(dir, `${shot.file}-${suffix}.png`), fullPage: true });
        await forgetLanguage(page);
      }
      await context.close();
    });
  }
});
