/**
 * Groups item indices into connected components of the given links (union–find with path halving).
 * Singletons are included, so every item lands in exactly one cluster.
 */
export function connectedComponents(size: number, links: Iterable<readonly [number, number]>): number[][] {
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const find = (x: number): number => {
    let i = x;
    while (parent[i] !== i) {
      const grand = parent[parent[i] ?? i] ?? i;
      parent[i] = grand;
      i = grand;
    }
    return i;
  };
  for (const [a, b] of links) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}
