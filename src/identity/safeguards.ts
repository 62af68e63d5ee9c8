import type { ComparisonVector } from './comparison-vector.js';

/**
 * Why a pair whose weight says "certain" must still go to a person, or undefined. Fellegi–Sunter adds
 * fields up as if independent, but a household is not: twins share family name, birth date, address and
 * postcode, and a father and son of one name share all but the birth date. Their agreement outweighs
 * the one field that tells them apart, so these contradictions cap the grade at probable unless an
 * identifier unique to the person (NHS number, or another identifier of one system) agrees exactly.
 * Two different NHS numbers always need a person: either two people, or a duplicate NHS number to be
 * resolved with PDS — never something to merge silently.
 */
export function reasonForReview(vector: ComparisonVector): string | undefined {
  if (vector.nhsNumber.level === 'disagree') return 'the NHS numbers differ';
  if (vector.nhsNumber.level === 'exact' || vector.identifier.level === 'exact') return undefined;
  if (vector.givenName.level === 'disagree')
    return 'the given names differ (twins and siblings share the rest)';
  if (vector.birthDate.level === 'disagree')
    return 'the birth dates differ (a parent and child can share the rest)';
  return undefined;
}
