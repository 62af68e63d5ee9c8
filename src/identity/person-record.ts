import type { SystemIdentifier } from './compare-identifier.js';
import { NHS_NUMBER_SYSTEM, normaliseNhsNumber } from './nhs-number.js';
import { normaliseAddress } from './normalise-address.js';
import { parseDate } from './normalise-date.js';
import { normaliseFamilyName, normaliseGivenNames } from './normalise-name.js';
import { normalisePostcode } from './normalise-postcode.js';
import type { Sex } from './normalise-sex.js';
import { normaliseSex } from './normalise-sex.js';
import { foldText } from './normalise-text.js';

/**
 * One source record's demographics, normalised for matching: plain JSON, every text field folded
 * (lower-case ASCII words), so comparators never normalise again. Build it with createPersonRecord or
 * personRecordFromPatient rather than by hand.
 */
export interface PersonRecord {
  /** The caller's id for the record; carried through to results, never compared. */
  id: string;
  /** Ten digits with a valid check digit; an invalid number is dropped rather than compared. */
  nhsNumber?: string;
  /** Other identifiers (local hospital numbers…), compared only within the same system. */
  identifiers: SystemIdentifier[];
  /** First (called-by) name first, then middle names; one word each. */
  givenNames: string[];
  /** Current family name first, then earlier ones (maiden names); double-barrelled kept as "a b". */
  familyNames: string[];
  /** ISO date; may be partial (YYYY, YYYY-MM) or, from messy sources, an impossible date as typed. */
  birthDate?: string;
  sex?: Sex;
  /** "SW1A 1AA" for UK postcodes; other postal codes upper case without spaces. */
  postcode?: string;
  houseNumber?: string;
  /** Street lines without the house number, abbreviations expanded. */
  addressLines: string[];
  /** Town, city or suburb. */
  locality?: string;
  /** County or state. */
  region?: string;
  /** Phone numbers (digits, UK numbers in national form) and email addresses (lower case). */
  telecom: string[];
}

/** Demographics as a source system holds them, before normalisation. */
export interface Demographics {
  id: string;
  nhsNumber?: string | number;
  identifiers?: readonly SystemIdentifier[];
  given?: string | readonly string[];
  /** Current family name first, then any earlier ones. */
  family?: string | readonly string[];
  birthDate?: string;
  /** How to read an ambiguous "03/04/1966" birth date; day first unless said otherwise. */
  birthDateOrder?: 'dmy' | 'mdy';
  sex?: string | number;
  postcode?: string;
  houseNumber?: string;
  addressLines?: readonly string[];
  locality?: string;
  region?: string;
  phones?: readonly string[];
  emails?: readonly string[];
}

/** "+44 (0)20 7946 0958" and "020 7946 0958" are one number; keep digits, in UK national form. */
export function normalisePhone(text: string): string | undefined {
  let digits = text.replace(/\(0\)/g, '').replace(/[^0-9+]/g, '');
  if (digits.startsWith('+44')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
  digits = digits.replace(/\+/g, '');
  return digits.length >= 6 ? digits : undefined;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;

const present = (text: string | undefined): string | undefined => {
  const folded = text === undefined ? '' : foldText(text);
  return folded === '' ? undefined : folded;
};

/**
 * Normalises one source record's demographics for matching. Values that cannot be used (an NHS number
 * failing its check digit, an unreadable date or sex code) are left out rather than compared, so they
 * count as missing, never as disagreement.
 */
export function createPersonRecord(d: Demographics): PersonRecord {
  let nhsNumber = d.nhsNumber === undefined ? undefined : normaliseNhsNumber(d.nhsNumber);
  const identifiers: SystemIdentifier[] = [];
  for (const { system, value } of d.identifiers ?? []) {
    if (system === NHS_NUMBER_SYSTEM) {
      nhsNumber ??= normaliseNhsNumber(value);
      continue;
    }
    const v = value.trim();
    if (v !== '' && !identifiers.some((i) => i.system === system && i.value === v)) {
      identifiers.push({ system, value: v });
    }
  }
  const familyNames: string[] = [];
  for (const f of list(d.family)) {
    const name = normaliseFamilyName(f);
    if (name !== undefined && !familyNames.includes(name)) familyNames.push(name);
  }
  const address = normaliseAddress(d.addressLines ?? [], d.houseNumber);
  const telecom: string[] = [];
  const addTelecom = (t: string | undefined) => {
    if (t !== undefined && !telecom.includes(t)) telecom.push(t);
  };
  for (const p of d.phones ?? []) addTelecom(normalisePhone(p));
  for (const e of d.emails ?? []) addTelecom(e.trim().toLowerCase() || undefined);

  const record: PersonRecord = {
    id: d.id,
    identifiers,
    givenNames: normaliseGivenNames(list(d.given)),
    familyNames,
    addressLines: address.lines,
    telecom,
  };
  // Optional fields are set only when known, so records stay compact and compare with toEqual.
  if (nhsNumber !== undefined) record.nhsNumber = nhsNumber;
  const birthDate =
    d.birthDate === undefined
      ? undefined
      : parseDate(d.birthDate, { order: d.birthDateOrder, keepImplausible: true });
  if (birthDate !== undefined) record.birthDate = birthDate;
  const sex = normaliseSex(d.sex);
  if (sex !== undefined) record.sex = sex;
  const postcode = d.postcode === undefined ? undefined : normalisePostcode(d.postcode);
  if (postcode !== undefined) record.postcode = postcode;
  if (address.houseNumber !== undefined) record.houseNumber = address.houseNumber;
  const locality = present(d.locality);
  if (locality !== undefined) record.locality = locality;
  const region = present(d.region);
  if (region !== undefined) record.region = region;
  return record;
}
