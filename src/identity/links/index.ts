// The master patient index's records beside the resources: links between Patient records of one person
// (with history), reviewers' decisions, and the stored linkage model.
export {
  activeLinksBetween,
  createLink,
  endLinks,
  isNotLink,
  linkHistory,
  orderedPair,
  recordNotLink,
} from './link-store.js';
export type { LinkKind, LinkState, NewLink, PatientLink } from './link-store.js';
export { conflictingNhsNumbers } from './nhs-number-conflict.js';
export { MAX_LINKED_RECORDS, linkedPatientIds } from './linked-patient-ids.js';
export { loadLinkageModel, saveLinkageModel } from './linkage-model-store.js';
export type { StoredLinkageModel } from './linkage-model-store.js';
export { storedLinkerSource } from './stored-linker.js';
export type { StoredLinkerSource } from './stored-linker.js';
export { trainLinkageModel } from './train-linkage.js';
export type { TrainLinkageOptions, TrainLinkageResult } from './train-linkage.js';
