import type { MatchField } from './comparison-vector.js';
import { parseUkPostcode } from './normalise-postcode.js';
import { nysiis } from './nysiis.js';
import type { PersonRecord } from './person-record.js';

/**
 * One blocking pass: records sharing any key are compared. Passes are unioned, so each pass only has to
 * catch the pairs the others miss — one survives a changed surname, another a house move.
 */
export interface BlockingPass {
  name: string;
  /**
   * The fields the key is built from. Pairs from this pass agree on them by construction, so training
   * learns those fields' m probabilities from the other passes only.
   */
  fields: readonly MatchField[];
  keys(record: PersonRecord): readonly string[];
}

const birthYear = (r: PersonRecord) => r.birthDate?.slice(0, 4);
const initial = (r: PersonRecord) => r.givenNames[0]?.charAt(0);
const sound = (name: string) => nysiis(name.replace(/ /g, ''));
const defined = (...parts: (string | undefined)[]) =>
  parts.every((p) => p !== undefined && p !== '') ? [parts.join('|')] : [];

/** A UK postcode's sector (a few thousand addresses); any other postal code as it stands. */
const postcodeArea = (r: PersonRecord) =>
  r.postcode === undefined ? undefined : (parseUkPostcode(r.postcode)?.sector ?? r.postcode);

export const DEFAULT_BLOCKING_PASSES: readonly BlockingPass[] = [
  { name: 'NHS number', fields: ['nhsNumber'], keys: (r) => defined(r.nhsNumber) },
  {
    name: 'other identifier',
    fields: ['identifier'],
    keys: (r) => r.identifiers.map((i) => `${i.system}|${i.value}`),
  },
  { name: 'phone or email', fields: ['telecom'], keys: (r) => r.telecom },
  {
    name: 'family name sound + birth year',
    fields: ['familyName', 'birthDate'],
    keys: (r) => r.familyNames.flatMap((f) => defined(sound(f), birthYear(r))),
  },
  {
    // Sorted, so given and family names entered the wrong way round still meet.
    name: 'given name sound + family name sound',
    fields: ['givenName', 'familyName'],
    keys: (r) => {
      const given = r.givenNames[0];
      const family = r.familyNames[0];
      return given === undefined || family === undefined
        ? []
        : [[sound(given), sound(family)].sort().join('|')];
    },
  },
  {
    name: 'postcode sector + given initial',
    fields: ['postcode', 'givenName'],
    keys: (r) => defined(postcodeArea(r), initial(r)),
  },
  {
    name: 'postcode sector + family name sound',
    fields: ['postcode', 'familyName'],
    keys: (r) => r.familyNames.flatMap((f) => defined(postcodeArea(r), sound(f))),
  },
  {
    name: 'birth date + given initial',
    fields: ['birthDate', 'givenName'],
    keys: (r) => defined(r.birthDate, initial(r)),
  },
  {
    // Any name: survives a changed family name, a changed first name and swapped names alike.
    name: 'birth date + any name sound',
    fields: ['birthDate', 'givenName', 'familyName'],
    keys: (r) =>
      [...r.givenNames.slice(0, 1), ...r.familyNames].flatMap((n) => defined(r.birthDate, sound(n))),
  },
  {
    name: 'birth date + postcode sector',
    fields: ['birthDate', 'postcode'],
    keys: (r) => defined(r.birthDate, postcodeArea(r)),
  },
  {
    name: 'family name sound + locality',
    fields: ['familyName', 'locality'],
    keys: (r) => r.familyNames.flatMap((f) => defined(sound(f), r.locality)),
  },
  {
    name: 'house number + locality',
    fields: ['address', 'locality'],
    keys: (r) => defined(r.houseNumber, r.locality),
  },
];

export interface BlockingOptions {
  /** At most 32 passes (pair provenance is a bit mask). */
  passes?: readonly BlockingPass[];
  /**
   * Blocks larger than this are skipped (and counted), so one common key — a popular surname born in a
   * popular year — cannot make the candidate set quadratic. The other passes still see those records.
   */
  maxBlockSize?: number;
}

export interface PassStats {
  name: string;
  blocks: number;
  oversizedBlocks: number;
  /** Pairs this pass produced, including those an earlier pass had produced too. */
  pairs: number;
  /** Pairs no earlier pass had produced. */
  newPairs: number;
}

export interface BlockingStats {
  passes: PassStats[];
  candidatePairs: number;
  /** Pairs a full comparison would make. */
  possiblePairs: number;
  /** 1 − candidate / possible pairs. */
  reductionRatio: number;
}

/** Candidate pairs as parallel arrays: indices into `records` (or left and right for a linkage). */
export interface CandidatePairs {
  first: Uint32Array;
  second: Uint32Array;
  /** Bit p is set when pass p produced the pair. */
  passMask: Uint32Array;
  stats: BlockingStats;
}

/**
 * Candidate pairs for deduplicating `records` or, with `right`, for linking `records` (left) against
 * `right`: then only left–right pairs are made and `second` indexes into `right`.
 */
export function candidatePairs(
  records: readonly PersonRecord[],
  right: readonly PersonRecord[] | undefined,
  options: BlockingOptions = {},
): CandidatePairs {
  const passes = options.passes ?? DEFAULT_BLOCKING_PASSES;
  if (passes.length > 32) throw new Error('at most 32 blocking passes');
  const maxBlockSize = options.maxBlockSize ?? 200;
  const all = right === undefined ? records : [...records, ...right];
  const split = right === undefined ? 0 : records.length;
  const n = all.length;
  const index = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  const passMask: number[] = [];
  const stats = passes.map((pass, p) => {
    const blocks = new Map<string, number[]>();
    all.forEach((record, i) => {
      for (const key of new Set(pass.keys(record))) {
        const block = blocks.get(key);
        if (block === undefined) blocks.set(key, [i]);
        else block.push(i);
      }
    });
    const passStats: PassStats = { name: pass.name, blocks: 0, oversizedBlocks: 0, pairs: 0, newPairs: 0 };
    for (const block of blocks.values()) {
      if (block.length < 2) continue;
      if (block.length > maxBlockSize) {
        passStats.oversizedBlocks++;
        continue;
      }
      passStats.blocks++;
      for (let x = 0; x < block.length; x++) {
        for (let y = x + 1; y < block.length; y++) {
          // Block members are in index order, so i < j; a linkage keeps only left–right pairs.
          const i = block[x] ?? 0;
          const j = block[y] ?? 0;
          if (right !== undefined && (i >= split || j < split)) continue;
          passStats.pairs++;
          const key = i * n + j;
          const at = index.get(key);
          if (at !== undefined) {
            passMask[at] = (passMask[at] ?? 0) | (1 << p);
            continue;
          }
          index.set(key, first.length);
          first.push(i);
          second.push(j - split);
          passMask.push(1 << p);
          passStats.newPairs++;
        }
      }
    }
    return passStats;
  });
  const possiblePairs = right === undefined ? (n * (n - 1)) / 2 : records.length * right.length;
  return {
    first: Uint32Array.from(first),
    second: Uint32Array.from(second),
    passMask: Uint32Array.from(passMask, (m) => m >>> 0),
    stats: {
      passes: stats,
      candidatePairs: first.length,
      possiblePairs,
      reductionRatio: possiblePairs === 0 ? 0 : 1 - first.length / possiblePairs,
    },
  };
}
