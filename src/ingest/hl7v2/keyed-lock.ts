/**
 * Runs tasks that name the keys they touch: tasks sharing a key run one after another in the order
 * they asked, tasks with no key in common run at the same time. A task waits for every earlier task it
 * shares a key with, whether that one is running or still waiting, so nobody is overtaken by a later
 * task and no two tasks can each hold a key the other waits for.
 */
export interface KeyedLock {
  run<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T>;
  /** Tasks running or waiting, for tests and metrics. */
  readonly pending: number;
}

export function createKeyedLock(): KeyedLock {
  // The last task (running or waiting) that asked for each key; a later task waits on all of them.
  const last = new Map<string, Promise<void>>();
  let pending = 0;

  return {
    get pending() {
      return pending;
    },
    async run<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T> {
      const unique = [...new Set(keys)];
      const before = unique.map((k) => last.get(k)).filter((p): p is Promise<void> => p !== undefined);
      let release!: () => void;
      const done = new Promise<void>((resolve) => (release = resolve));
      for (const k of unique) last.set(k, done);
      pending++;
      try {
        await Promise.all(before);
        return await task();
      } finally {
        pending--;
        release();
        // Only the newest holder of a key forgets it; a later task's promise stays for those after it.
        for (const k of unique) if (last.get(k) === done) last.delete(k);
      }
    },
  };
}
