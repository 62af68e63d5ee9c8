import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Builds the web app from its sources into web/dist, as `npm run build:web` does, so the browser
 * tests always test the pages as they are now, never a stale build.
 */
export async function buildWebApp(): Promise<void> {
  // Vitest runs with NODE_ENV=test, which would make React and its JSX transform development
  // builds: the pages under test must be the production build that `npm run build:web` makes.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: `${WEB_DIR}vite.config.ts`, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
