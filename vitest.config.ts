import { defineConfig } from 'vitest/config';

// Projects: the unit/HTTP suite that needs nothing but npm (embedded PGlite), the web app's unit
// tests, and the store contract suite against a real PostgreSQL server (only with DATABASE_URL).
// The browser tests have their own config (test/browser/vitest.config.ts): they need Chromium.
export default defineConfig({
  test: {
    projects: [
      'web/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/contract/**/*.pg.test.ts', '**/*.browser.test.ts', 'node_modules/**', 'web/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
