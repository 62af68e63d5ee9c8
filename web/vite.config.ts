import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { jsWeightBudget } from './build/js-weight-budget.js';
import { nhsukFrontendCss } from './build/nhsuk-frontend-css.js';
import { precompressAssets } from './build/precompress-assets.js';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** The patient front door: built into web/dist, which Heartwood serves at `/` (src/http/web-app.ts). */
export default defineConfig({
  root: webDir,
  base: '/',
  publicDir: false,
  plugins: [nhsukFrontendCss(), react(), precompressAssets(), jsWeightBudget({ budgetBytes: 200_000 })],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Every asset is a file of its own: no data: URLs, so the CSP can say img-src 'self'.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    // `vite --config web/vite.config.ts` next to a running Heartwood (npm start) for live editing.
    // Sign-in in the dev server: start Heartwood with HEARTWOOD_PUBLIC_URL=http://localhost:5173, so the
    // provider's issuer and the web app's redirect address are this origin.
    proxy: {
      '/fhir': 'http://localhost:8080',
      '/oidc': 'http://localhost:8080',
      // The provider's own pages (/sign-in/{uid}); /sign-in itself is this app's.
      '^/sign-in/.+': 'http://localhost:8080',
      '/.well-known': 'http://localhost:8080',
    },
  },
});
