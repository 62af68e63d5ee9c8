export { buildApp } from './build-app.js';
export type { AppDeps } from './build-app.js';
export { defaultWebDistDir, hasWebApp } from './web-app.js';
