import type { Prng } from './prng.js';
import { NICKNAMES } from './population-names.js';

/**
 * The ways one person's details differ between systems, at rates in the range reported for NHS
 * demographic data: keying errors, nicknames, swapped day and month, upper case from older systems,
 * postcodes with and without the space, moves, and missing fields.
 */
export function typo(prng: Prng, word: string): string {
  if (word.length < 3) return word;
  const i = prng.int(1, word.length - 2);
  switch (prng.int(0, 3)) {
    case 0: // transposed neighbours
      return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
    case 1: // dropped letter
      return word.slice(0, i) + word.slice(i + 1);
    case 2: // doubled letter
      return word.slice(0, i) + word[i]! + word.slice(i);
    default: {
      // substituted letter, a near key on the keyboard more often than not
      const letters = 'aeioulnrst';
      return word.slice(0, i) + letters[prng.int(0, letters.length - 1)]! + word.slice(i + 1);
    }
  }
}

export function givenVariant(prng: Prng, given: string): string {
  const nickname = NICKNAMES[given];
  if (nickname !== undefined && prng.chance(0.5)) return nickname;
  return typo(prng, given);
}

/** Day and month swapped, when the result is still a date. */
export function swapDayMonth(date: string): string {
  const [y, m, d] = date.split('-');
  return Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : date;
}

/** A neighbouring birth date digit mistyped (day only, so the date stays valid). */
export function dayOff(date: string): string {
  const day = Number(date.slice(8, 10));
  const next = day >= 28 ? day - 1 : day + 1;
  return `${date.slice(0, 8)}${String(next).padStart(2, '0')}`;
}

export const withoutSpace = (postcode: string) => postcode.replace(' ', '');
