/**
 * k-anonymity over declared quasi-identifier columns: every combination of their values must be shared by
 * at least k people. People, not rows: an extract with five encounters of one person in a class still
 * singles that person out, so classes count distinct people whenever the caller says who a row is about.
 */
import { privacyErrors } from './privacy-errors.js';

export const DEFAULT_K = 5;

export interface KAnonymityOptions {
  /** Column names whose combined values form the equivalence classes. */
  quasiIdentifiers: readonly string[];
  /** Default {@link DEFAULT_K}. */
  k?: number;
  /** Who a row is about; without it every row counts as a different person. */
  personOf?: (row: Readonly<Record<string, unknown>>, index: number) => string;
}

/** One equivalence class, described by its size only: the values that define it are never reported. */
export interface EquivalenceClassSize {
  people: number;
  rows: number;
}

export interface KAnonymityResult {
  k: number;
  satisfied: boolean;
  /** Number of equivalence classes. */
  classes: number;
  /** Classes with fewer than k people, smallest first. */
  offending: EquivalenceClassSize[];
  /** Positions (in the input) of the rows in offending classes, ascending. */
  offendingRows: number[];
}

export function resolveK(k: unknown = DEFAULT_K): number {
  // k = 1 is no protection at all, so it is refused rather than silently accepted.
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) {
    throw privacyErrors.invalid('k must be a whole number of at least 2.');
  }
  return k;
}

/** The class key: the values in column order; a missing value and null are the same (both unknown). */
function classKey(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  return JSON.stringify(columns.map((c) => row[c] ?? null));
}

interface ClassTally {
  people: Set<string>;
  rows: number[];
}

export function checkKAnonymity(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: KAnonymityOptions,
): KAnonymityResult {
  const k = resolveK(options.k);
  const qis = options.quasiIdentifiers;
  if (new Set(qis).size !== qis.length)
    throw privacyErrors.invalid('Quasi-identifier columns are listed twice.');
  const classes = new Map<string, ClassTally>();
  rows.forEach((row, index) => {
    const key = classKey(row, qis);
    let tally = classes.get(key);
    if (tally === undefined) {
      tally = { people: new Set(), rows: [] };
      classes.set(key, tally);
    }
    tally.people.add(options.personOf ? options.personOf(row, index) : `#${index}`);
    tally.rows.push(index);
  });

  const offending: EquivalenceClassSize[] = [];
  const offendingRows: number[] = [];
  for (const tally of classes.values()) {
    if (tally.people.size >= k) continue;
    offending.push({ people: tally.people.size, rows: tally.rows.length });
    offendingRows.push(...tally.rows);
  }
  // Sorted by size so that the report's order says nothing about the order (or values) of the rows.
  offending.sort((a, b) => a.people - b.people || a.rows - b.rows);
  offendingRows.sort((a, b) => a - b);
  return { k, satisfied: offending.length === 0, classes: classes.size, offending, offendingRows };
}
