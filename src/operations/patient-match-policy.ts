import type { MatchScore } from '../identity/index.js';

const CORE = ['givenName', 'familyName', 'birthDate'] as const;

/**
 * The MPI's bar for `certain`, on top of the linker's. Fellegi–Sunter sums fields as if independent, so
 * a close name, a close birth date and a shared postcode add up past the threshold although each is only
 * "nearly"; a lookup answering `certain` invites a caller to attach clinical data without a second look.
 * Without an identifier agreeing exactly, `certain` therefore also needs the given name, family name and
 * birth date to agree exactly; anything fuzzier is held at probable, saying why.
 */
export function applyMatchPolicy(score: MatchScore): MatchScore {
  if (score.grade !== 'certain') return score;
  const { fields } = score;
  if (fields.nhsNumber.level === 'exact' || fields.identifier.level === 'exact') return score;
  const inexact = CORE.filter((f) => fields[f].level !== 'exact');
  if (inexact.length === 0) return score;
  return {
    ...score,
    grade: 'probable',
    heldForReview: `no identifier agrees and ${inexact.join(', ')} ${inexact.length === 1 ? 'does' : 'do'} not agree exactly`,
  };
}
