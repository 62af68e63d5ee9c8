export * from './operation-outcome.js';
export * from './resource.js';
export * from './ids.js';
