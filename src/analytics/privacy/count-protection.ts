/**
 * Small-number suppression and rounding of published counts: the rules every published figure follows,
 * whether it stands alone or sits in a table.
 *
 * - 0 is published as 0. This is the NHS England convention for published statistics: a true zero is
 *   not a small number of people, and hiding zeros would hide most of many sparse tables for no gain.
 * - 1 to 7 (the threshold, configurable) is suppressed: a count that small can point at individuals.
 * - Everything else is rounded to the nearest 5 (configurable), so that differences between published
 *   figures (this month minus last month, one area minus another) cannot expose a small number.
 */
import { privacyErrors } from './privacy-errors.js';

export type CellFlag = 'suppressed-primary' | 'suppressed-secondary' | 'rounded' | 'zero';

export interface ProtectedCell {
  /** The published figure; null when suppressed. */
  value: number | null;
  flag: CellFlag;
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 7;
export const DEFAULT_ROUNDING_BASE = 5;

export interface DisclosureOptions {
  /** Counts from 1 to this (inclusive) are suppressed; 7 by default; 0 turns suppression off. */
  threshold?: number;
  /** Counts above the threshold are rounded to a multiple of this; 5 by default; 1 turns rounding off. */
  roundingBase?: number;
}

export interface ResolvedDisclosureOptions {
  threshold: number;
  roundingBase: number;
}

export function resolveDisclosureOptions(options: DisclosureOptions = {}): ResolvedDisclosureOptions {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const roundingBase = options.roundingBase ?? DEFAULT_ROUNDING_BASE;
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw privacyErrors.invalid('The suppression threshold must be a whole number of at least 0.');
  }
  if (!Number.isSafeInteger(roundingBase) || roundingBase < 1) {
    throw privacyErrors.invalid('The rounding base must be a whole number of at least 1.');
  }
  return { threshold, roundingBase };
}

/**
 * Rounds to the nearest multiple of `base`, half up: a value exactly halfway (12.5 to base 5, 15 to
 * base 10) goes to the larger multiple. Half-up rather than banker's rounding (half-to-even) because
 * it is the rule readers and spreadsheets expect, so a published figure can be checked by hand.
 * Integer counts never sit on the boundary with an odd base, so with the default of 5 this only
 * matters for non-integer inputs; with an even base (10) it decides 15, 25, ….
 */
export function roundToBase(value: number, base: number = DEFAULT_ROUNDING_BASE): number {
  if (!Number.isFinite(value)) throw privacyErrors.invalid('Only finite numbers can be rounded.');
  if (!Number.isSafeInteger(base) || base < 1) {
    throw privacyErrors.invalid('The rounding base must be a whole number of at least 1.');
  }
  return Math.floor(value / base + 0.5) * base;
}

export function assertCount(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw privacyErrors.invalid(`${what} must be a whole number of at least 0.`);
  }
}

/** True for the small non-zero counts that are never published. */
export function isSmallCount(n: number, threshold: number): boolean {
  return n >= 1 && n <= threshold;
}

/** The published form of a count that is not suppressed: 0 as 0, anything else rounded. */
export function publishedCount(n: number, roundingBase: number): ProtectedCell {
  return n === 0 ? { value: 0, flag: 'zero' } : { value: roundToBase(n, roundingBase), flag: 'rounded' };
}

/**
 * One published number on its own (a headline figure, a tile on a dashboard). There is nothing to
 * subtract it from, so primary suppression and rounding are enough; inside a table use protectTable.
 */
export function protectCount(n: number, options: DisclosureOptions = {}): ProtectedCell {
  const { threshold, roundingBase } = resolveDisclosureOptions(options);
  assertCount(n, 'A count');
  if (isSmallCount(n, threshold)) return { value: null, flag: 'suppressed-primary' };
  return publishedCount(n, roundingBase);
}
