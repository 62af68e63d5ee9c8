import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** Unit tests of the web app's pure modules (dates, messages, routing, chart scales), in Node. */
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
