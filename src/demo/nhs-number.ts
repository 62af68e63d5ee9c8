import { nhsNumberChecksum } from '../identity/index.js';
import type { Prng } from './prng.js';

/**
 * NHS numbers from the 999 range, which is never issued to real people, so demo data cannot collide
 * with anyone's record. Every number passes the check digit and none repeats.
 */
export function createTestNhsNumbers(prng: Prng): () => string {
  const issued = new Set<string>();
  return () => {
    for (;;) {
      const nine = `999${String(prng.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsNumberChecksum(nine);
      if (check === undefined || check === 10) continue;
      const value = `${nine}${check}`;
      if (issued.has(value)) continue;
      issued.add(value);
      return value;
    }
  };
}
