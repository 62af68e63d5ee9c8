/** Precision, recall and F1 of predicted pairs against the true ones. */
export interface PairQuality {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * All unordered pairs of records that share an entity: the ground truth of a deduplication (`left`
 * only) or of a linkage (one record from each side). `entityOf` reads the truth from outside the matcher.
 */
export function truePairs(
  entityOf: (id: string) => string,
  left: readonly string[],
  right?: readonly string[],
): Set<string> {
  const byEntity = new Map<string, { left: string[]; right: string[] }>();
  const add = (id: string, side: 'left' | 'right') => {
    const entity = entityOf(id);
    let group = byEntity.get(entity);
    if (group === undefined) byEntity.set(entity, (group = { left: [], right: [] }));
    group[side].push(id);
  };
  for (const id of left) add(id, 'left');
  for (const id of right ?? []) add(id, 'right');
  const out = new Set<string>();
  for (const group of byEntity.values()) {
    if (right === undefined) {
      const ids = group.left;
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) out.add(pairKey(ids[i] ?? '', ids[j] ?? ''));
    } else {
      for (const a of group.left) for (const b of group.right) out.add(pairKey(a, b));
    }
  }
  return out;
}

export function pairQuality(
  predicted: Iterable<readonly [string, string]>,
  truth: ReadonlySet<string>,
): PairQuality {
  const seen = new Set<string>();
  let truePositives = 0;
  for (const [a, b] of predicted) {
    const key = pairKey(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    if (truth.has(key)) truePositives++;
  }
  const precision = seen.size === 0 ? 1 : truePositives / seen.size;
  const recall = truth.size === 0 ? 1 : truePositives / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs: truth.size, predictedPairs: seen.size, truePositives, precision, recall, f1 };
}
