export {
  ACT_CODE_SYSTEM,
  ALL_SENSITIVE_LABELS,
  CONFIDENTIALITY_SYSTEM,
  CONSENT_KIND_SYSTEM,
  CONSENT_KINDS,
  CONSENT_POLICY_URI,
  CONTACT_METHOD_EXTENSION,
  HEARTWOOD_LABEL_SYSTEM,
  SENSITIVE_CATEGORIES,
  consentKindOf,
  consentResource,
} from './consent-kinds.js';
export type { ConsentInput, ConsentKind, SecurityLabel } from './consent-kinds.js';
export {
  OPTED_OUT_PATIENTS_SQL,
  loadOptOutCheck,
  notOptedOutSql,
  optedOutPatientIds,
} from './national-data-opt-out.js';
