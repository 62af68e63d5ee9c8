import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * The browser tests: a real Heartwood, the built web app and Debian's Chromium. Slow (about a
 * minute) and needing /usr/bin/chromium, so a project of their own, run apart from the unit tests.
 */
export default defineProject({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'browser',
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One file, one server, one browser: the tests share them rather than start several at once.
    fileParallelism: false,
  },
});
