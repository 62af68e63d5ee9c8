export { createFhirService } from './fhir-service.js';
export type { FhirService, FhirServiceDeps, HandleOptions } from './fhir-service.js';
export type { FhirRequest, FhirResponse, JsonPatchOperation, ReturnPreference } from './fhir-request.js';
export type { ResourceValidator } from './write-interactions.js';
export type { OperationContext, OperationCall, OperationDefinition } from './operation.js';
