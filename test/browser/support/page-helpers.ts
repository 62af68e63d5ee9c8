import type { Page } from 'playwright-core';

/*
 * Page-side functions: Playwright sends their source to the browser and runs them there. They are
 * functions, not strings, because the pages' CSP forbids eval, which Playwright would need for a
 * string. The tests' TypeScript has no DOM library, so the little of the DOM they use is declared
 * here, for this module only.
 */
interface PageElement {
  tagName: string;
  textContent: string | null;
}
declare const document: {
  activeElement: PageElement | null;
  body: PageElement;
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelector(selector: string): PageElement | null;
};
declare const localStorage: { removeItem(key: string): void };
declare const sessionStorage: { getItem(key: string): string | null };
declare function getComputedStyle(element: PageElement): {
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
  backgroundColor: string;
};

/** Waits until the page has a heading and nothing left loading (no loading messages, no pending names). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('h1') !== null && document.querySelector('.app-loading, .app-pending') === null,
  );
}

/** The text of the element that has focus, trimmed ('' for none). */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
}

export function focusedTag(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement?.tagName ?? '').toLowerCase());
}

/** True when the page is wider than its viewport: content cut off or needing sideways scrolling. */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Whether the focused element shows a focus indicator: an outline, a box shadow, or NHS focus yellow. */
export function hasVisibleFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    const outline =
      s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !s.outlineColor.endsWith(', 0)');
    return outline || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(255, 235, 59)';
  });
}

export function forgetLanguage(page: Page): Promise<void> {
  return page.evaluate(() => localStorage.removeItem('heartwood.language'));
}

/** What the web app keeps for this tab's session (web/src/session/session-context.tsx). */
export async function storedSession(
  page: Page,
): Promise<{ tokens: { accessToken: string; refreshToken?: string } } | null> {
  const text = await page.evaluate(() => sessionStorage.getItem('heartwood.session'));
  return text ? (JSON.parse(text) as { tokens: { accessToken: string; refreshToken?: string } }) : null;
}
