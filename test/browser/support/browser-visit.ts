import type { Browser, BrowserContext, Page } from 'playwright-core';
import { settled } from './page-helpers.js';
import type { RunningHeartwood } from './start-heartwood.js';

export const DESKTOP = { width: 1280, height: 900 };
/** 1280 CSS pixels at 200 % zoom. */
export const ZOOMED = { width: 640, height: 450 };
export const NARROW = { width: 320, height: 640 };
export const MOBILE = { width: 375, height: 812 };

export interface Visit {
  page: Page;
  context: BrowserContext;
  /** Console errors and warnings, page errors, and CSP violations (Chromium reports them as errors). */
  problems: string[];
}

/** A fresh browser context (no session, no stored language) on one page, collecting its problems. */
export async function visit(browser: Browser, viewport = DESKTOP): Promise<Visit> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, context, problems };
}

export function pages(server: RunningHeartwood) {
  const url = (path: string) => `${server.url}${path}`;
  const open = async (page: Page, path: string) => {
    await page.goto(url(path));
    await settled(page);
  };
  return {
    url,
    open,
    /** Starts a demo session as the patient, as the "choose a demo patient" page does. */
    async choosePatient(page: Page, person: { name: string }) {
      await open(page, '/choose-patient');
      await page.getByRole('link', { name: person.name, exact: true }).click();
      await page.waitForURL(url('/'));
      await settled(page);
    },
    h1: (page: Page) => page.locator('h1').innerText(),
    async fhir<T>(
      method: 'GET' | 'POST',
      path: string,
      body?: unknown,
    ): Promise<{ status: number; body: T }> {
      const response = await fetch(`${server.url}/fhir/${path}`, {
        method,
        headers: {
          accept: 'application/fhir+json',
          ...(body ? { 'content-type': 'application/fhir+json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}
