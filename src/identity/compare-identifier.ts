import type { Agreement } from './agreement.js';
import { MISSING, agreement } from './agreement.js';
import { withinOneEdit } from './damerau-levenshtein.js';
import type { Sex } from './normalise-sex.js';
import { isInformativeSex } from './normalise-sex.js';

/**
 * NHS numbers agree or disagree, nothing in between: the modulus-11 check digit catches every single
 * wrong digit and every swap of adjacent digits, so two valid numbers that differ are different numbers.
 */
export function compareNhsNumbers(a: string | undefined, b: string | undefined): Agreement {
  if (a === undefined || b === undefined) return MISSING;
  return a === b ? agreement('exact', 'equal') : agreement('disagree', 'different');
}

export interface SystemIdentifier {
  system: string;
  value: string;
}

/**
 * Other identifiers (a hospital number, a national id without a check digit) count only where both
 * records carry one from the same system — local numbers from different systems say nothing. Without a
 * check digit, a one-character difference is likely a typo and counts as close.
 */
export function compareIdentifiers(
  a: readonly SystemIdentifier[],
  b: readonly SystemIdentifier[],
): Agreement {
  let best: Agreement = MISSING;
  for (const x of a) {
    for (const y of b) {
      if (x.system !== y.system) continue;
      if (x.value === y.value) return agreement('exact', `same ${x.system}`);
      if (withinOneEdit(x.value, y.value)) best = agreement('close', `${x.system} one character apart`);
      else if (best.level === 'missing') best = agreement('disagree', `different ${x.system}`);
    }
  }
  return best;
}

/** Phone numbers and email addresses: any one in common agrees. */
export function compareTelecom(a: readonly string[], b: readonly string[]): Agreement {
  if (a.length === 0 || b.length === 0) return MISSING;
  const shared = a.find((x) => b.includes(x));
  return shared === undefined ? agreement('disagree', 'none in common') : agreement('exact', 'one in common');
}

/** Male and female compare; other and unknown are treated as missing (see isInformativeSex). */
export function compareSex(a: Sex | undefined, b: Sex | undefined): Agreement {
  if (!isInformativeSex(a) || !isInformativeSex(b)) return MISSING;
  return a === b ? agreement('exact', 'equal') : agreement('disagree', 'different');
}
