/**
 * The privacy core of the analytics platform: keyed pseudonyms, generalisation, pseudonymised extracts
 * with k-anonymity, and disclosure control for published counts. Pure: no database, no clock unless
 * one is passed in.
 */
export {
  MIN_KEY_BYTES,
  PSEUDONYM_LENGTH,
  createPseudonymiser,
  deriveProjectKey,
  pseudonymPrefix,
} from './pseudonym.js';
export type { Pseudonymiser, PseudonymiserOptions } from './pseudonym.js';
export { createReidentificationIndex, reidentify } from './reidentification.js';
export type {
  ReidentificationApproval,
  ReidentificationIndex,
  ReidentificationIndexInput,
  ReidentificationRecord,
  ReidentificationResult,
  ReidentifyInput,
} from './reidentification.js';
export { REIDENTIFICATION_REFUSED_CODE } from './privacy-errors.js';

export {
  ageBand,
  ageBandLabel,
  generaliseByMap,
  generaliseDate,
  postcodeArea,
  postcodeDistrict,
} from './generalise.js';
export type { AgeBandOptions, DatePrecision } from './generalise.js';
export { ETHNIC_CATEGORY_BROAD_GROUPS } from './ethnic-category.js';

export { DEFAULT_K, checkKAnonymity } from './k-anonymity.js';
export type { EquivalenceClassSize, KAnonymityOptions, KAnonymityResult } from './k-anonymity.js';
export { buildExtract } from './pseudonymised-extract.js';
export type { Extract, ExtractContext, ExtractReport, ExtractRow } from './pseudonymised-extract.js';
export type { ColumnRule, ColumnRuleObject, ExtractSpec, SimpleColumnRule } from './extract-spec.js';

export {
  DEFAULT_ROUNDING_BASE,
  DEFAULT_SUPPRESSION_THRESHOLD,
  protectCount,
  roundToBase,
} from './count-protection.js';
export type { CellFlag, DisclosureOptions, ProtectedCell } from './count-protection.js';
export { protectRate } from './protect-rate.js';
export type { ProtectedRate, RateOptions } from './protect-rate.js';
export { protectTable } from './disclosure-control.js';
export type { DisclosureMethodNote, ProtectedTable } from './disclosure-control.js';
