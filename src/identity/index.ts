// The identity core: NHS numbers, demographic normalisation, comparators and Fellegi–Sunter record
// linkage. Pure functions and plain data; the master patient index and Patient/$match build on this.
export {
  NHS_NUMBER_SYSTEM,
  formatNhsNumber,
  hasValidNhsCheckDigit,
  normaliseNhsNumber,
  nhsNumberChecksum,
  standardiseNhsNumber,
} from './nhs-number.js';
export { NHS_NUMBER_RANGES, chiSexOf, isValidNhsNumber, nhsNumberRegion } from './nhs-number-regions.js';
export type { ChiSex, NhsNumberRange, NhsNumberRegion, NhsNumberValidity } from './nhs-number-regions.js';

export { foldText, foldedTokens } from './normalise-text.js';
export { nameWords, normaliseFamilyName, normaliseGivenNames } from './normalise-name.js';
export { areNicknameVariants, formalNamesOf } from './nicknames.js';
export { isUkPostcode, normalisePostcode, parseUkPostcode } from './normalise-postcode.js';
export type { UkPostcode } from './normalise-postcode.js';
export { canTransposeDayMonth, dateParts, isRealDate, parseDate } from './normalise-date.js';
export type { DateParts, ParseDateOptions } from './normalise-date.js';
export { isInformativeSex, normaliseSex } from './normalise-sex.js';
export type { Sex } from './normalise-sex.js';
export { normaliseAddress } from './normalise-address.js';
export type { NormalisedAddress } from './normalise-address.js';

export { jaro, jaroWinkler } from './jaro-winkler.js';
export { damerauLevenshtein, damerauSimilarity } from './damerau-levenshtein.js';
export { nysiis } from './nysiis.js';
export { AGREEMENT_LEVELS } from './agreement.js';
export type { Agreement, AgreementLevel } from './agreement.js';
export { compareText } from './compare-text.js';
export { compareFamilyNames, compareGivenNames, swappedNames } from './compare-name.js';
export { compareBirthDates } from './compare-date.js';
export { compareAddresses, comparePostcodes, tokenSetSimilarity } from './compare-address.js';
export type { AddressForComparison } from './compare-address.js';
export { compareIdentifiers, compareNhsNumbers, compareSex, compareTelecom } from './compare-identifier.js';
export type { SystemIdentifier } from './compare-identifier.js';

export { createPersonRecord, normalisePhone } from './person-record.js';
export type { Demographics, PersonRecord } from './person-record.js';
export { personRecordFromPatient } from './person-from-patient.js';
export { FIELD_LEVELS, MATCH_FIELDS, compareRecords } from './comparison-vector.js';
export type { ComparisonVector, MatchField } from './comparison-vector.js';
export {
  levelWeight,
  matchProbability,
  priorModel,
  vectorWeight,
  weightForProbability,
} from './fellegi-sunter.js';
export type { FellegiSunterModel, FieldProbabilities } from './fellegi-sunter.js';
export { countPatterns, fitFellegiSunter, fitMatchProportion, withPopulationU } from './fellegi-sunter-em.js';
export type { EmOptions, EmResult, PatternCounts } from './fellegi-sunter-em.js';
export { DEFAULT_BLOCKING_PASSES, candidatePairs } from './blocking.js';
export type { BlockingOptions, BlockingPass, BlockingStats, CandidatePairs, PassStats } from './blocking.js';
export { DEFAULT_CERTAINTY, createLinker } from './link-records.js';
export type {
  FieldScore,
  LinkOptions,
  LinkResult,
  Linker,
  LinkerConfig,
  MatchGrade,
  MatchScore,
  ScoredPair,
  Thresholds,
} from './link-records.js';
export { trainModel } from './train-model.js';
export type { PassTraining, TrainingInput, TrainingReport } from './train-model.js';
export { reasonForReview } from './safeguards.js';

export { FEBRL_SOC_SEC_ID_SYSTEM, febrlEntityOf, parseFebrlCsv } from './febrl.js';
export { pairQuality, truePairs } from './linkage-evaluation.js';
export type { PairQuality } from './linkage-evaluation.js';

export * from './links/index.js';
