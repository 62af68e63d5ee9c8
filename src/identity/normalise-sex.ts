/** Administrative sex/gender as FHIR `Patient.gender` codes it. */
export type Sex = 'male' | 'female' | 'other' | 'unknown';

/**
 * FHIR codes, HL7 v2 administrative sex (M, F, O, U, A, N), NHS PERSON GENDER CODE (1 male, 2 female,
 * 9 indeterminate, 0 / X not known) and the plain words. Undefined for anything else, so that an
 * unrecognised value is treated as missing rather than as a disagreement.
 */
const SEX_CODES: Readonly<Record<string, Sex>> = {
  male: 'male',
  m: 'male',
  man: 'male',
  '1': 'male',
  female: 'female',
  f: 'female',
  woman: 'female',
  '2': 'female',
  other: 'other',
  o: 'other',
  a: 'other',
  indeterminate: 'other',
  '9': 'other',
  unknown: 'unknown',
  u: 'unknown',
  n: 'unknown',
  x: 'unknown',
  '0': 'unknown',
  not_known: 'unknown',
  'not known': 'unknown',
};

export function normaliseSex(value: string | number | undefined): Sex | undefined {
  if (value === undefined) return undefined;
  return SEX_CODES[String(value).trim().toLowerCase()];
}

/** Only male and female say something about identity; other and unknown compare as missing. */
export function isInformativeSex(sex: Sex | undefined): sex is 'male' | 'female' {
  return sex === 'male' || sex === 'female';
}
