export { generateDemoData, DEMO_SEED, DEMO_REFERENCE_DATE } from './generate-demo-data.js';
export type { DemoData, DemoOptions, DemoPatient } from './generate-demo-data.js';
export { loadDemoData } from './load-demo-data.js';
export type { DemoLoadDeps, DemoLoadResult } from './load-demo-data.js';
export { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../identity/index.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { demoAccounts } from './demo-accounts.js';
