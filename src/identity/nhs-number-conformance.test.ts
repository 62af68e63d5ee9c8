import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../definitions/index.js';
import { nhsNumberChecksum, standardiseNhsNumber } from './nhs-number.js';
import type { NhsNumberRegion } from './nhs-number-regions.js';
import { NHS_NUMBER_RANGES, isValidNhsNumber, nhsNumberRegion } from './nhs-number-regions.js';

// The language-neutral vectors of the uk-fci/nhs-number reference library live next to the
// repository (../shared), not in it; clones without them skip. Every section is covered:
// - calculate_checksum, standardise, standardise_from_int: nhsNumberChecksum / standardiseNhsNumber;
// - is_valid: isValidNhsNumber (standardises first; CHI date rule; no range check without a region);
// - is_valid_for_region, is_valid_with_sex: isValidNhsNumber with { region } / { sex };
// - region_of: nhsNumberRegion; range_boundaries: NHS_NUMBER_RANGES.
// Not covered, as the vectors' own _not_covered says: odd input types, generate() and disguise().
const dir = join(findProjectRoot(), '..', 'shared', 'conformance', 'nhs-number');
const file = join(dir, 'nhs_number_cases.json');
const present = existsSync(file);
if (!present) console.warn(`skipping the NHS number conformance vectors: ${file} is not present`);

interface Vectors {
  calculate_checksum: { identifier: string; checksum: number | null }[];
  standardise: { input: string; output: string }[];
  standardise_from_int: { input: number; output: string }[];
  is_valid: { input: string; valid: boolean }[];
  is_valid_for_region: { input: string; region: NhsNumberRegion; valid: boolean }[];
  is_valid_with_sex: { input: string; sex: string | number; valid?: boolean; raises?: boolean }[];
  region_of: { number: string; region: NhsNumberRegion }[];
  range_boundaries: { range: string; start: number; end: number }[];
}

const SECTIONS = [
  'calculate_checksum',
  'standardise',
  'standardise_from_int',
  'is_valid',
  'is_valid_for_region',
  'is_valid_with_sex',
  'region_of',
  'range_boundaries',
];

describe.skipIf(!present)(
  `NHS number vectors (${present ? file : 'absent: ../shared/conformance/nhs-number'})`,
  () => {
    const vectors = (present ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Vectors;

    it('has no section this test does not know about', () => {
      expect(Object.keys(vectors).filter((k) => !k.startsWith('_'))).toEqual(SECTIONS);
    });

    it('calculate_checksum', () => {
      for (const c of vectors.calculate_checksum) {
        expect(nhsNumberChecksum(c.identifier), c.identifier).toBe(c.checksum ?? undefined);
      }
    });

    it('standardise and standardise_from_int', () => {
      for (const c of vectors.standardise) expect(standardiseNhsNumber(c.input), c.input).toBe(c.output);
      for (const c of vectors.standardise_from_int)
        expect(standardiseNhsNumber(c.input), String(c.input)).toBe(c.output);
    });

    it('is_valid', () => {
      for (const c of vectors.is_valid) expect(isValidNhsNumber(c.input), c.input).toBe(c.valid);
    });

    it('is_valid_for_region', () => {
      for (const c of vectors.is_valid_for_region) {
        expect(isValidNhsNumber(c.input, { region: c.region }), `${c.input} ${c.region}`).toBe(c.valid);
      }
    });

    it('is_valid_with_sex', () => {
      for (const c of vectors.is_valid_with_sex) {
        const check = () => isValidNhsNumber(c.input, { sex: c.sex });
        if (c.raises) expect(check, `${c.input} ${c.sex}`).toThrow();
        else expect(check(), `${c.input} ${c.sex}`).toBe(c.valid);
      }
    });

    it('region_of', () => {
      for (const c of vectors.region_of) expect(nhsNumberRegion(c.number), c.number).toBe(c.region);
    });

    it('range_boundaries', () => {
      for (const c of vectors.range_boundaries) {
        const range = NHS_NUMBER_RANGES.find((r) => r.name === c.range);
        expect(range, c.range).toBeDefined();
        expect([range?.start, range?.end], c.range).toEqual([c.start, c.end]);
      }
    });

    it('accepts the nine valid numbers of testdata-9-valid-nhs-numbers.csv (BOM, CRLF)', () => {
      const lines = readFileSync(join(dir, 'testdata-9-valid-nhs-numbers.csv'), 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .filter((l) => l !== '');
      expect(lines).toHaveLength(9);
      for (const n of lines) expect(isValidNhsNumber(n), n).toBe(true);
    });
  },
);
