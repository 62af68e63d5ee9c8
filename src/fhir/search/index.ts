/**
 * FHIR search indexing: the registry of official R4 search parameters per resource type, and the
 * extractor that turns a resource into index rows with walkers compiled from their expressions.
 * Pure: no I/O, no database.
 */
export { createSearchRegistry } from './registry.js';
export { createExtractor } from './extractor.js';
export type { CompilationReport, ExtractorOptions, SearchExtractor } from './extractor.js';
export type { CompileMode } from './param-plan.js';
export { dateRange, isoInstant } from './date-range.js';
export { decimalRange } from './decimal-range.js';
export type {
  ComponentValue,
  CompositeRow,
  DateRow,
  Extractor,
  IndexRows,
  NumberRow,
  QuantityRow,
  ReferenceRow,
  SearchParamComponent,
  SearchParamInfo,
  SearchParamKind,
  SearchRegistry,
  StringRow,
  TokenRow,
  UriRow,
} from './types.js';
