export { applyIdPolicy, importFiles, ImportInputError, listInputFiles } from './file-import/index.js';
export type {
  IdPolicy,
  ImportFailure,
  ImportOptions,
  ImportProgress,
  ImportSummary,
  InputFile,
  InputFormat,
} from './file-import/index.js';
