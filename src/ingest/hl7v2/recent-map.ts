/**
 * A map of at most `limit` entries that forgets the least recently written first. Used for what the
 * processor learnt from its own writes: forgetting an entry costs a look-up, never a wrong write.
 */
export interface RecentMap<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  set(key: string, value: V): void;
  delete(key: string): void;
  readonly size: number;
}

export function createRecentMap<V>(limit: number): RecentMap<V> {
  const entries = new Map<string, V>();
  return {
    get: (key) => entries.get(key),
    has: (key) => entries.has(key),
    set(key, value) {
      // Deleting first moves the key to the end, so the first key is always the least recently set.
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
    },
    delete: (key) => void entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}
