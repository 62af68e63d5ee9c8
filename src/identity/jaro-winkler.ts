/**
 * Jaro similarity (0..1): characters in common within a window of half the longer length, penalised for
 * transpositions. Designed for short strings such as names, where it copes with typos better than edit
 * distance.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // Names and words fit in 32 bits of "already matched" flags, which spares an allocation per call.
  if (la <= 32 && lb <= 32) return jaroShort(a, b);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const to = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  return score(matches, transpositions, la, lb);
}

function jaroShort(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const to = Math.min(lb - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if ((matchedB & (1 << j)) === 0 && ch === b.charCodeAt(j)) {
        matchedA |= 1 << i;
        matchedB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if ((matchedA & (1 << i)) === 0) continue;
    while ((matchedB & (1 << j)) === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  return score(matches, transpositions, la, lb);
}

function score(matches: number, halfTranspositions: number, la: number, lb: number): number {
  return (matches / la + matches / lb + (matches - halfTranspositions / 2) / matches) / 3;
}

/**
 * Jaro–Winkler: Jaro raised for a common prefix of up to four characters (scale 0.1), applied only above
 * Jaro 0.7 as Winkler did — errors in names cluster towards the end, and agreeing starts are evidence.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}
