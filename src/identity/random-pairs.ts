/** mulberry32: a small seeded generator, so that training on the same records gives the same model. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` pairs drawn uniformly at random (with replacement): two different records of `size` when
 * `rightSize` is undefined, otherwise one from each side. Empty when no pair exists.
 */
export function randomPairs(
  size: number,
  rightSize: number | undefined,
  count: number,
  seed: number,
): [number, number][] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const out: [number, number][] = [];
  if (rightSize === undefined ? size < 2 : size < 1 || rightSize < 1) return out;
  while (out.length < count) {
    if (rightSize !== undefined) out.push([pick(size), pick(rightSize)]);
    else {
      const i = pick(size);
      const j = pick(size);
      if (i !== j) out.push([i, j]);
    }
  }
  return out;
}
