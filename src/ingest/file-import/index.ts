export { importFiles } from './import-files.js';
export type { ImportOptions } from './import-files.js';
export type { ImportFailure, ImportProgress, ImportSummary } from './import-report.js';
export { ImportInputError, listInputFiles } from './input-files.js';
export type { InputFile, InputFormat } from './input-files.js';
export { applyIdPolicy } from './keep-source-ids.js';
export type { IdPolicy } from './keep-source-ids.js';
