import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, WEB_DIST_DIR } from './support/build-web-app.js';
import { MOBILE, visit } from './support/browser-visit.js';
import { launchChromium } from './support/launch-chromium.js';
import { scrollsSideways, settled } from './support/page-helpers.js';
import { describeViolations, runAxe } from './support/run-axe.js';
import { startHeartwood } from './support/start-heartwood.js';
import type { RunningHeartwood } from './support/start-heartwood.js';

/**
 * The public performance page: no sign-in, league tables from the demo activity, English and Welsh,
 * accessible (axe-core, WCAG 2.2 AA) and usable on a phone.
 */
let server: RunningHeartwood;
let browser: Browser;

beforeAll(async () => {
  await buildWebApp();
  server = await startHeartwood(WEB_DIST_DIR);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('performance page', { timeout: 90_000 }, () => {
  it('shows the league tables to anyone, without signing in, and passes axe', async () => {
    const { page, context, problems } = await visit(browser);
    await page.goto(`${server.url}/performance`);
    await settled(page);
    expect(await page.locator('h1').innerText()).toBe('How NHS services are performing');
    // The demo's trusts appear in the A&E table, ranked, with England below them.
    const ae = page.getByRole('table', { name: /A&E: left within 4 hours/ });
    await ae.waitFor();
    const rows = await ae.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.at(-1)).toMatch(/^\s*England/);
    expect(rows.join('\n')).toMatch(/Aire Valley Teaching Hospitals NHS Trust/);
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(
      expect.arrayContaining([
        'A&E: left within 4 hours',
        'Treatment within 18 weeks of referral',
        'Childhood vaccinations',
        'Online and video appointments',
        'About these figures',
      ]),
    );
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads in Welsh and fits a phone screen', async () => {
    const { page, context, problems } = await visit(browser, MOBILE);
    await page.goto(`${server.url}/performance?lang=cy`);
    await settled(page);
    expect(await page.locator('h1').innerText()).toBe('Sut mae gwasanaethau’r GIG yn perfformio');
    await page.getByRole('table', { name: /Adrannau brys/ }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves the figures behind it as public JSON', async () => {
    const r = await fetch(`${server.url}/api/public/measures/ae-four-hour?period=2025`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { rows: unknown[]; optOutsExcluded: boolean };
    expect(body.rows.length).toBeGreaterThanOrEqual(2);
    expect(body.optOutsExcluded).toBe(true);
  });
});
