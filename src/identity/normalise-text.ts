/**
 * Letters that Unicode decomposition leaves whole; without this "Søren" and "Soren" would never agree,
 * nor "Strauß" and "Strauss".
 */
const LIGATURES: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['ł', 'l'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['ı', 'i'],
]);

/**
 * Lower case, accents folded to ASCII, apostrophes dropped (O'Brien = OBrien), every other
 * non-alphanumeric run turned into one space. The common ground for names, streets and towns, so that
 * comparators only ever see `[a-z0-9 ]`.
 */
export function foldText(text: string): string {
  const lower = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  let out = '';
  for (const ch of lower) out += LIGATURES.get(ch) ?? ch;
  return out
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The space-separated words of folded text (none for empty text). */
export function foldedTokens(text: string): string[] {
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}
