import type { SqlExecutor } from '../../store/index.js';
import type { Linker } from '../link-records.js';
import { createLinker } from '../link-records.js';
import { loadLinkageModel } from './linkage-model-store.js';

export interface StoredLinkerSource {
  /** The linker over the newest stored model, or over the built-in priors when none was trained. */
  linker(exec: SqlExecutor): Promise<Linker>;
}

/**
 * Linkers over the stored model, rebuilt only when a newer model is stored: one small keyed read per
 * call, so a model trained in another process is picked up at the next match.
 */
export function storedLinkerSource(fallback: Linker = createLinker()): StoredLinkerSource {
  let cached: { modelId: string; linker: Linker } | undefined;
  return {
    async linker(exec) {
      const stored = await loadLinkageModel(exec);
      if (!stored) return fallback;
      if (cached?.modelId !== stored.modelId)
        cached = { modelId: stored.modelId, linker: createLinker({ model: stored.model }) };
      return cached.linker;
    },
  };
}
