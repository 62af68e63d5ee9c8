import type { Agreement } from './agreement.js';
import { MISSING, agreement } from './agreement.js';
import { jaroWinkler } from './jaro-winkler.js';

/** Jaro–Winkler at or above this is a typo-level difference ("michaela"/"michafla"). */
export const CLOSE_SIMILARITY = 0.92;
/** …and at or above this a looser resemblance, still far likelier among matches than non-matches. */
export const PARTIAL_SIMILARITY = 0.85;

export const withoutSpaces = (s: string) => (s.includes(' ') ? s.replaceAll(' ', '') : s);

/** Two decimals, for reasons a reviewer reads. */
export const score2 = (x: number) => x.toFixed(2);

/**
 * Free-text fields compared as strings (town, county): equal, equal but for spaces (a split or joined
 * word), or graded by Jaro–Winkler.
 */
export function compareText(a: string | undefined, b: string | undefined): Agreement {
  if (a === undefined || b === undefined || a === '' || b === '') return MISSING;
  if (a === b) return agreement('exact', 'equal');
  if (withoutSpaces(a) === withoutSpaces(b)) return agreement('close', 'equal but for spaces');
  const jw = jaroWinkler(a, b);
  if (jw >= CLOSE_SIMILARITY) return agreement('close', `jaro-winkler ${score2(jw)}`);
  if (jw >= PARTIAL_SIMILARITY) return agreement('partial', `jaro-winkler ${score2(jw)}`);
  return agreement('disagree', `jaro-winkler ${score2(jw)}`);
}
