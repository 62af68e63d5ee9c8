import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page against WCAG 2.2 AA. It goes in through the DevTools protocol, as the
 * browser's own tools would, not as a <script> or an eval: the page's Content-Security-Policy, which
 * forbids both, stays exactly as served.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const evaluate = async <T>(expression: string): Promise<T> => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails)
        throw new Error(`axe: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as T;
    };
    if (!(await evaluate<boolean>('typeof window.axe === "object"'))) await evaluate(await axeSource);
    const options = JSON.stringify({
      runOnly: { type: 'tag', values: WCAG_AA_TAGS },
      resultTypes: ['violations'],
    });
    return await evaluate<AxeViolation[]>(
      `axe.run(document, ${options}).then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })))`,
    );
  } finally {
    await cdp.detach();
  }
}

/** Violations as readable lines, for a failing assertion's message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}`).join('\n')}`,
    )
    .join('\n');
}
