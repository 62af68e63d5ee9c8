const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const isVowel = (ch: string | undefined) => ch !== undefined && VOWELS.has(ch);

/**
 * NYSIIS (New York State Identification and Intelligence System, Taft 1970): a phonetic code built for
 * surnames, more discriminating than Soundex because it keeps vowel positions and the name's first
 * letter. Used to block and to credit sound-alike spellings (Smyth/Smith, Philips/Fillips). The code is
 * not truncated to six characters: in blocking, the longer key keeps blocks small.
 */
export function nysiis(name: string): string {
  let s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (s === '') return '';
  const prefixes: [string, string][] = [
    ['MAC', 'MCC'],
    ['KN', 'NN'],
    ['K', 'C'],
    ['PH', 'FF'],
    ['PF', 'FF'],
    ['SCH', 'SSS'],
  ];
  for (const [from, to] of prefixes) {
    if (s.startsWith(from)) {
      s = to + s.slice(from.length);
      break;
    }
  }
  if (/(EE|IE)$/.test(s)) s = `${s.slice(0, -2)}Y`;
  else if (/(DT|RT|RD|NT|ND)$/.test(s)) s = `${s.slice(0, -2)}D`;

  // Translations are written back into the name, as the algorithm specifies: later rules that look at
  // the preceding letter see the translated one.
  const chars = [...s];
  let key = chars[0] ?? '';
  const put = (at: number, replacement: string) => {
    for (let k = 0; k < replacement.length; k++) {
      const ch = replacement.charAt(k);
      chars[at + k] = ch;
      if (ch !== key.charAt(key.length - 1)) key += ch;
    }
    return replacement.length;
  };
  for (let i = 1; i < chars.length;) {
    const ch = chars[i] ?? '';
    const next = chars[i + 1];
    const prev = chars[i - 1];
    if (ch === 'E' && next === 'V') i += put(i, 'AF');
    else if (isVowel(ch)) i += put(i, 'A');
    else if (ch === 'Q') i += put(i, 'G');
    else if (ch === 'Z') i += put(i, 'S');
    else if (ch === 'M') i += put(i, 'N');
    else if (ch === 'K') i += put(i, next === 'N' ? 'N' : 'C');
    else if (ch === 'S' && next === 'C' && chars[i + 2] === 'H') i += put(i, 'SSS');
    else if (ch === 'P' && next === 'H') i += put(i, 'FF');
    else if (ch === 'H' && (!isVowel(prev) || !isVowel(next))) i += put(i, prev ?? ch);
    else if (ch === 'W' && isVowel(prev)) i += put(i, prev ?? ch);
    else i += put(i, ch);
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}

/**
 * The first letter of nysiis(name) without computing the rest: a cheap test that lets most unlike names
 * skip the full encoding.
 */
export function nysiisInitial(name: string): string {
  const s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (s.startsWith('KN')) return 'N';
  if (s.startsWith('K')) return 'C';
  if (s.startsWith('PH') || s.startsWith('PF')) return 'F';
  return s.charAt(0);
}
