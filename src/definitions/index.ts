export { findProjectRoot, readGenerated } from './project-root.js';
export { loadSearchParameters } from './search-parameters.js';
export type { SearchParameterDefinition, SearchParamType } from './search-parameters.js';
export { loadPatientCompartment } from './patient-compartment.js';
export type { PatientCompartment } from './patient-compartment.js';
