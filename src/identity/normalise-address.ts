import { foldedTokens } from './normalise-text.js';

/**
 * Street-type abbreviations expanded, so "12 High St" and "12 High Street" agree exactly. "st" and "dr"
 * are only expanded as the last word of a line, where they mean Street and Drive; elsewhere they are
 * Saint and Doctor ("St Johns Road").
 */
const ANYWHERE: Readonly<Record<string, string>> = {
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cres: 'crescent',
  ct: 'court',
  pl: 'place',
  gdns: 'gardens',
  sq: 'square',
  tce: 'terrace',
  terr: 'terrace',
  cl: 'close',
  gro: 'grove',
  pk: 'park',
  hse: 'house',
  apt: 'flat',
  cott: 'cottage',
  bldgs: 'buildings',
  mt: 'mount',
  nth: 'north',
  sth: 'south',
};
const LAST_WORD_ONLY: Readonly<Record<string, string>> = { st: 'street', dr: 'drive' };

const HOUSE_NUMBER = /^[0-9]+[a-z]?$/;

export interface NormalisedAddress {
  /** "12a": the number on the door, kept apart because it is compared on its own. */
  houseNumber?: string;
  /** Folded lines with abbreviations expanded and the house number removed; empty lines dropped. */
  lines: string[];
}

function expand(words: string[]): string[] {
  return words.map((w, i) => ANYWHERE[w] ?? (i === words.length - 1 ? (LAST_WORD_ONLY[w] ?? w) : w));
}

/**
 * Folds address lines and lifts out the house number: the last number in the first line that has one
 * and is followed by a word ("Flat 3, 12 High St" → 12, keeping "flat 3" as a line). A separately known
 * number (FHIR has no field for it, other sources do) wins over one found in the lines.
 */
export function normaliseAddress(lines: readonly string[], houseNumber?: string): NormalisedAddress {
  let number = houseNumber === undefined ? undefined : foldedTokens(houseNumber).join('') || undefined;
  const out: string[] = [];
  for (const line of lines) {
    const words = expand(foldedTokens(line));
    if (number === undefined) {
      let at = -1;
      for (let i = 0; i < words.length - 1; i++) {
        if (HOUSE_NUMBER.test(words[i] ?? '') && !HOUSE_NUMBER.test(words[i + 1] ?? '')) at = i;
      }
      if (at >= 0) {
        number = words[at];
        words.splice(at, 1);
      }
    }
    if (words.length > 0) out.push(words.join(' '));
  }
  return number === undefined ? { lines: out } : { houseNumber: number, lines: out };
}
