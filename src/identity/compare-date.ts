import type { Agreement } from './agreement.js';
import { MISSING, agreement } from './agreement.js';
import { withinOneEdit } from './damerau-levenshtein.js';
import { dateParts } from './normalise-date.js';

/**
 * Birth dates (ISO, possibly partial or implausible as typed):
 * - exact: the same date;
 * - close: one keying error — one digit wrong, two adjacent digits swapped, or day and month transposed
 *   (03/06 read as 06/03, the classic UK/US confusion);
 * - partial: year off by one with day and month agreeing (an age-derived or rounded year), the same
 *   year and month, or agreement as far as a partial date goes;
 * - disagree: anything else.
 */
export function compareBirthDates(a: string | undefined, b: string | undefined): Agreement {
  if (a === undefined || b === undefined) return MISSING;
  if (a === b) return agreement('exact', 'equal');
  const pa = dateParts(a);
  const pb = dateParts(b);
  if (pa === undefined || pb === undefined) return MISSING;
  if (pa.day === undefined || pb.day === undefined) {
    const agrees =
      pa.year === pb.year && (pa.month === undefined || pb.month === undefined || pa.month === pb.month);
    return agrees
      ? agreement('partial', 'agrees as far as the partial date goes')
      : agreement('disagree', 'different');
  }
  if (pa.year === pb.year && pa.day === pb.month && pa.month === pb.day) {
    return agreement('close', 'day and month transposed');
  }
  const digitsA = a.replace(/-/g, '');
  const digitsB = b.replace(/-/g, '');
  let differing = 0;
  for (let i = 0; i < digitsA.length; i++) if (digitsA[i] !== digitsB[i]) differing++;
  if (differing === 1) return agreement('close', 'one digit differs');
  if (withinOneEdit(digitsA, digitsB)) return agreement('close', 'two adjacent digits swapped');
  if (pa.month === pb.month && pa.day === pb.day && Math.abs(pa.year - pb.year) === 1) {
    return agreement('partial', 'year off by one');
  }
  if (pa.year === pb.year && pa.month === pb.month) return agreement('partial', 'same year and month');
  return agreement('disagree', 'different');
}
