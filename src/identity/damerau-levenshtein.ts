/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and transpositions of adjacent characters each cost one, and no substring is edited
 * twice. That is the model of a keying error (a slip, a doubled or dropped key, two keys swapped), which
 * is what the matcher needs to recognise; the unrestricted variant differs only on rare multi-edit cases.
 * `max` lets a caller stop early: any distance above it is reported as max + 1.
 */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  // Three rolling rows (the transposition step looks two rows back) in one allocation.
  const buffer = new Uint32Array(3 * (lb + 1));
  let prev2 = buffer.subarray(0, lb + 1);
  let prev = buffer.subarray(lb + 1, 2 * (lb + 1));
  let row = buffer.subarray(2 * (lb + 1));
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    row[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[lb] ?? 0;
}

/**
 * distance ≤ 1 without building a matrix: the hot question for postcodes, dates and identifiers, asked
 * of every candidate pair.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // One substitution at i, or a swap of i and i+1; either way the rest must be equal.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return (
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  // One insertion or deletion at i.
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common (or both empty). */
export function damerauSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 0 : 1 - damerauLevenshtein(a, b) / longer;
}
