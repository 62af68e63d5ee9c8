import { foldedTokens } from './normalise-text.js';

/**
 * Words that are not part of anyone's name but turn up in name fields typed by people: titles before it,
 * generational suffixes and post-nominals after it. Removed so "Mrs J Smith" and "Jane Smith" compare on
 * what they share.
 */
const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'master',
  'dr',
  'doctor',
  'prof',
  'professor',
  'rev',
  'revd',
  'reverend',
  'fr',
  'sir',
  'dame',
  'lord',
  'lady',
  'jr',
  'jnr',
  'junior',
  'sr',
  'snr',
  'senior',
  'ii',
  'iii',
  'iv',
  'obe',
  'mbe',
  'cbe',
]);

/**
 * The words of one name field, folded (case, accents, punctuation) with titles and suffixes dropped.
 * Hyphens separate words, so a double-barrelled "Smith-Jones" becomes ["smith", "jones"]; apostrophes
 * join ("O'Neill" → "oneill").
 */
export function nameWords(text: string): string[] {
  return foldedTokens(text).filter((w) => !NOT_NAME_WORDS.has(w) && !/^[0-9]+$/.test(w));
}

/**
 * Given names in order, one word each ("Mary Jane" typed in one field becomes two), duplicates removed.
 * The first is the name the person is usually called by; the rest are middle names.
 */
export function normaliseGivenNames(parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of parts) for (const word of nameWords(part)) if (!out.includes(word)) out.push(word);
  return out;
}

/**
 * One family name as a single space-separated string ("smith jones" for Smith-Jones), or undefined when
 * nothing name-like is left. Kept whole, not split, because the whole surname is what agrees or not;
 * the comparator looks at the parts of double-barrelled names itself.
 */
export function normaliseFamilyName(text: string): string | undefined {
  const words = nameWords(text);
  return words.length === 0 ? undefined : words.join(' ');
}
