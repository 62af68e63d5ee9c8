import type { Agreement, AgreementLevel } from './agreement.js';
import { compareAddresses, comparePostcodes } from './compare-address.js';
import { compareBirthDates } from './compare-date.js';
import { compareIdentifiers, compareNhsNumbers, compareSex, compareTelecom } from './compare-identifier.js';
import { compareFamilyNames, compareGivenNames, swappedNames } from './compare-name.js';
import { compareText } from './compare-text.js';
import type { PersonRecord } from './person-record.js';

/** The fields a pair of records is compared on: the comparison vector's components, in this order. */
export const MATCH_FIELDS = [
  'nhsNumber',
  'identifier',
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'postcode',
  'address',
  'locality',
  'region',
  'telecom',
] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** The agreement levels each field's comparator can produce (best first). */
export const FIELD_LEVELS: Readonly<Record<MatchField, readonly AgreementLevel[]>> = {
  nhsNumber: ['exact', 'disagree'],
  identifier: ['exact', 'close', 'disagree'],
  givenName: ['exact', 'close', 'partial', 'disagree'],
  familyName: ['exact', 'close', 'partial', 'disagree'],
  birthDate: ['exact', 'close', 'partial', 'disagree'],
  sex: ['exact', 'disagree'],
  postcode: ['exact', 'close', 'partial', 'disagree'],
  address: ['exact', 'close', 'partial', 'disagree'],
  locality: ['exact', 'close', 'partial', 'disagree'],
  region: ['exact', 'close', 'partial', 'disagree'],
  telecom: ['exact', 'disagree'],
};

export type ComparisonVector = Record<MatchField, Agreement>;

/** Compares two records field by field. Symmetric: compareRecords(a, b) equals compareRecords(b, a). */
export function compareRecords(a: PersonRecord, b: PersonRecord): ComparisonVector {
  let givenName = compareGivenNames(a.givenNames, b.givenNames);
  let familyName = compareFamilyNames(a.familyNames, b.familyNames);
  const weak = (x: Agreement) => x.level === 'partial' || x.level === 'disagree';
  if (weak(givenName) && weak(familyName)) {
    const swapped = swappedNames(a.givenNames, a.familyNames, b.givenNames, b.familyNames);
    if (swapped !== undefined) [givenName, familyName] = [swapped, swapped];
  }
  return {
    nhsNumber: compareNhsNumbers(a.nhsNumber, b.nhsNumber),
    identifier: compareIdentifiers(a.identifiers, b.identifiers),
    givenName,
    familyName,
    birthDate: compareBirthDates(a.birthDate, b.birthDate),
    sex: compareSex(a.sex, b.sex),
    postcode: comparePostcodes(a.postcode, b.postcode),
    address: compareAddresses(
      { houseNumber: a.houseNumber, lines: a.addressLines },
      { houseNumber: b.houseNumber, lines: b.addressLines },
    ),
    locality: compareText(a.locality, b.locality),
    region: compareText(a.region, b.region),
    telecom: compareTelecom(a.telecom, b.telecom),
  };
}

/** Level indices into FIELD_LEVELS per field, -1 for missing: the compact form EM works on. */
export function encodeVector(vector: ComparisonVector): Int8Array {
  const out = new Int8Array(MATCH_FIELDS.length);
  MATCH_FIELDS.forEach((field, k) => {
    const { level } = vector[field];
    out[k] = level === 'missing' ? -1 : FIELD_LEVELS[field].indexOf(level);
  });
  return out;
}
