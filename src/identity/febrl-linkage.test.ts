import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../definitions/index.js';
import { febrlEntityOf, parseFebrlCsv } from './febrl.js';
import { createLinker } from './link-records.js';
import type { LinkResult } from './link-records.js';
import { pairQuality, truePairs } from './linkage-evaluation.js';
import type { PersonRecord } from './person-record.js';

// The FEBRL record-linkage sets live next to the repository (../shared), not in it; clones without them
// skip. Training is unsupervised: record ids (which carry the truth) are read only by the evaluation.
// The floors are the figures measured when this was written (see bench/record-linkage.ts) less a small
// margin, so a change that costs accuracy fails here.
const dir = join(findProjectRoot(), '..', 'shared', 'data', 'matching', 'febrl');
const present = existsSync(join(dir, 'dataset4a.csv'));
if (!present) console.warn(`skipping the FEBRL linkage test: ${dir} is not present`);

const read = (file: string): PersonRecord[] => parseFebrlCsv(readFileSync(join(dir, file), 'utf8'));

function certainQuality(result: LinkResult, left: PersonRecord[], right?: PersonRecord[]) {
  const truth = truePairs(
    febrlEntityOf,
    left.map((r) => r.id),
    right?.map((r) => r.id),
  );
  const certain = result.pairs.filter((p) => p.score.grade === 'certain').map((p) => [p.a, p.b] as const);
  return pairQuality(certain, truth);
}

describe.skipIf(!present)(
  `FEBRL record linkage (${present ? dir : 'absent: ../shared/data/matching/febrl'})`,
  () => {
    it('links dataset4a to dataset4b with F1 ≥ 0.99 on pairs graded certain (measured 0.9943)', () => {
      const left = read('dataset4a.csv');
      const right = read('dataset4b.csv');
      const result = createLinker().linkBetween(left, right);
      const quality = certainQuality(result, left, right);
      expect(quality.precision).toBeGreaterThanOrEqual(0.999);
      expect(quality.f1).toBeGreaterThanOrEqual(0.99);
      // Blocking keeps the work near-linear: 8,423 of 25 million pairs compared.
      expect(result.blocking.candidatePairs).toBeLessThan(5 * (left.length + right.length));
    });

    it.each([
      ['dataset1.csv', 0.985],
      ['dataset2.csv', 0.98],
      ['dataset3.csv', 0.98],
    ])('deduplicates %s with F1 ≥ %s on pairs graded certain', (file, floor) => {
      const records = read(file);
      const quality = certainQuality(createLinker().link(records), records);
      expect(quality.precision).toBeGreaterThanOrEqual(0.999);
      expect(quality.f1).toBeGreaterThanOrEqual(floor);
    });
  },
);
