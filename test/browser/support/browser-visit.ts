import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MintRequest } from '../../../src/auth/index.js';
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
    // The sign-in provider's server-rendered page names no icon, so Chromium asks for /favicon.ico.
    if (m.location().url.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, context, problems };
}

/** The key the web app keeps its session under (web/src/session/session-context.tsx). */
const SESSION_KEY = 'heartwood.session';

declare const sessionStorage: { setItem(key: string, value: string): void };

export function pages(server: RunningHeartwood) {
  const url = (path: string) => `${server.url}${path}`;
  const open = async (page: Page, path: string) => {
    await page.goto(url(path));
    await settled(page);
  };
  let systemToken: Promise<string> | undefined;
  /**
   * Signs the tab in with a token Heartwood's key signed, as its sign-in would, for anyone (the
   * demo sign-in page offers one account per role; the tests need many patients). The real
   * sign-in journey has a test of its own.
   */
  const signIn = async (page: Page, who: MintRequest & { patientName?: string }, path = '/') => {
    // The scopes the web app asks the provider for (web/src/session/openid-client.ts).
    const scope = ['patient', 'proxy'].includes(who.role)
      ? 'openid fhirUser launch/patient patient/*.cruds'
      : 'openid fhirUser user/*.cruds';
    const accessToken = await server.token({ scope, ...who });
    await page.goto(url('/sign-out'));
    await settled(page);
    const stored = JSON.stringify({ tokens: { accessToken }, patientName: who.patientName });
    await page.evaluate(([key, value]) => sessionStorage.setItem(key!, value!), [SESSION_KEY, stored]);
    await open(page, path);
  };
  return {
    url,
    open,
    signIn,
    /** Signs in as the patient, to their own record. */
    signInAsPatient: (page: Page, person: { id: string; name: string }, path = '/') =>
      signIn(
        page,
        {
          role: 'patient',
          patient: person.id,
          person: `Patient/${person.id}`,
          name: person.name,
          patientName: person.name,
        },
        path,
      ),
    h1: (page: Page) => page.locator('h1').innerText(),
    /** The FHIR API as Heartwood itself (for checking what the pages did). */
    async fhir<T>(
      method: 'GET' | 'POST',
      path: string,
      body?: unknown,
    ): Promise<{ status: number; body: T }> {
      systemToken ??= server.token({ role: 'system', name: 'Browser tests' });
      const response = await fetch(`${server.url}/fhir/${path}`, {
        method,
        headers: {
          accept: 'application/fhir+json',
          authorization: `Bearer ${await systemToken}`,
          ...(body ? { 'content-type': 'application/fhir+json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}
