import { defineConfig } from 'vitest/config';

// Two projects: the unit/HTTP suite that needs nothing but npm (embedded PGlite), and the store
// contract suite against a real PostgreSQL server, which only runs when DATABASE_URL is set.
export default defineConfig({
  test: {
    projects: [
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
