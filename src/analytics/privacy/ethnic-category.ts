/**
 * NHS Data Dictionary "Ethnic Category" (the 2001 census classification, codes A-Z) mapped to its five
 * broad groups, for use with `generaliseByMap` or the extract's `map` rule. A detailed category can
 * single a person out in a small area; the broad group is what most published NHS statistics use.
 * "Not stated" and "not known" stay distinct because they mean different things (declined vs unrecorded).
 */
export const ETHNIC_CATEGORY_BROAD_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  A: 'White',
  B: 'White',
  C: 'White',
  D: 'Mixed',
  E: 'Mixed',
  F: 'Mixed',
  G: 'Mixed',
  H: 'Asian or Asian British',
  J: 'Asian or Asian British',
  K: 'Asian or Asian British',
  L: 'Asian or Asian British',
  M: 'Black or Black British',
  N: 'Black or Black British',
  P: 'Black or Black British',
  R: 'Other ethnic groups',
  S: 'Other ethnic groups',
  Z: 'Not stated',
  '99': 'Not known',
});
