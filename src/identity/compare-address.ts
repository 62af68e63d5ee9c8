import type { Agreement } from './agreement.js';
import { MISSING, agreement } from './agreement.js';
import { damerauLevenshtein, withinOneEdit } from './damerau-levenshtein.js';
import { score2, withoutSpaces } from './compare-text.js';
import { jaroWinkler } from './jaro-winkler.js';
import { parseUkPostcode } from './normalise-postcode.js';

/**
 * Postcodes: exact; close for one keying error (a character wrong, two swapped — "6017"/"6071"); for UK
 * postcodes partial for the same sector or district (outward code), since people who move mostly move
 * locally.
 */
export function comparePostcodes(a: string | undefined, b: string | undefined): Agreement {
  if (a === undefined || b === undefined) return MISSING;
  if (a === b) return agreement('exact', 'equal');
  if (withinOneEdit(withoutSpaces(a), withoutSpaces(b))) {
    return agreement('close', 'one character differs or two are swapped');
  }
  const ukA = parseUkPostcode(a);
  const ukB = parseUkPostcode(b);
  if (ukA !== undefined && ukB !== undefined) {
    if (ukA.sector === ukB.sector) return agreement('partial', `same sector ${ukA.sector}`);
    if (ukA.outward === ukB.outward) return agreement('partial', `same district ${ukA.outward}`);
  }
  return agreement('disagree', 'different');
}

/**
 * Token-set similarity of two word lists, order-free: each word of one side is paired with its most
 * similar word on the other (Jaro–Winkler), averaged both ways (symmetric Monge–Elkan). Word order and
 * swapped lines cost nothing; a misspelt word costs a little.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Each word pair is scored once and serves both directions.
  const bestA = new Float64Array(a.length);
  const bestB = new Float64Array(b.length);
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      const s = x === y ? 1 : jaroWinkler(x, y);
      if (s > (bestA[i] ?? 0)) bestA[i] = s;
      if (s > (bestB[j] ?? 0)) bestB[j] = s;
    });
  });
  const mean = (xs: Float64Array) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  return (mean(bestA) + mean(bestB)) / 2;
}

/**
 * How well the lines of the shorter address are found in the longer one, ignoring spaces inside a line
 * (so "stanleykstreet" still finds "stanley street"). An address with a line missing on one side (a
 * dropped village or building name) then scores on the lines both have. Line pairs less similar than
 * `floor` count as 0, which lets the edit distance give up early on unrelated lines.
 */
function lineContainment(a: readonly string[], b: readonly string[], floor: number): number {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0) return 0;
  let sum = 0;
  for (const line of shorter) {
    const compact = withoutSpaces(line);
    let best = 0;
    for (const other of longer) {
      const otherCompact = withoutSpaces(other);
      const longest = Math.max(compact.length, otherCompact.length);
      const allowed = Math.floor((1 - Math.max(floor, best)) * longest);
      const distance = damerauLevenshtein(compact, otherCompact, allowed);
      if (distance <= allowed) best = Math.max(best, 1 - distance / longest);
    }
    sum += best;
  }
  return sum / shorter.length;
}

export interface AddressForComparison {
  houseNumber?: string;
  lines: readonly string[];
}

/**
 * Street address: the house number and the lines. Exact needs the same number and the same lines in any
 * order; close a similar street (similarity 0.9) with no conflicting number; partial a weaker street
 * resemblance (0.75) with no conflicting number, or a similar street with a different number.
 */
export function compareAddresses(a: AddressForComparison, b: AddressForComparison): Agreement {
  const emptyA = a.lines.length === 0 && a.houseNumber === undefined;
  const emptyB = b.lines.length === 0 && b.houseNumber === undefined;
  if (emptyA || emptyB) return MISSING;
  const numbers =
    a.houseNumber === undefined || b.houseNumber === undefined
      ? 'unknown'
      : a.houseNumber === b.houseNumber
        ? 'same'
        : 'different';
  if (a.lines.length === 0 || b.lines.length === 0) {
    if (numbers === 'unknown') return MISSING;
    return numbers === 'same'
      ? agreement('partial', 'house number agrees, no street on one side')
      : agreement('disagree', 'house number differs, no street on one side');
  }
  const sameLines = a.lines.length === b.lines.length && a.lines.every((l) => b.lines.includes(l));
  if (sameLines && numbers !== 'different') {
    return agreement(numbers === 'same' ? 'exact' : 'close', `same lines, house number ${numbers}`);
  }
  const tokens = (lines: readonly string[]) => lines.flatMap((l) => l.split(' '));
  let similarity = tokenSetSimilarity(tokens(a.lines), tokens(b.lines));
  if (similarity < 0.9) similarity = Math.max(similarity, lineContainment(a.lines, b.lines, 0.75));
  const why = `street similarity ${score2(similarity)}, house number ${numbers}`;
  if (numbers !== 'different' && similarity >= 0.9) return agreement('close', why);
  if (numbers !== 'different' && similarity >= 0.75) return agreement('partial', why);
  if (numbers === 'different' && similarity >= 0.9) return agreement('partial', why);
  return agreement('disagree', why);
}
