/** FHIR R4 structural validation driven by the official StructureDefinitions. */
export { createValidator } from './validator.js';
export type { Validator } from './validator.js';
export { loadR4Definitions, STRUCTURES_FILE } from './load-definitions.js';
export { ValidationCode } from './details-codes.js';
export type { StructureModel } from './structure-model.js';
