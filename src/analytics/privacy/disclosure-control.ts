/**
 * Statistical disclosure control for a published table of counts (rows × columns, with row totals,
 * column totals and a grand total).
 *
 * 1. Totals are computed from the true cells.
 * 2. Primary suppression: every count from 1 to the threshold (7) — cells and totals alike — is hidden.
 *    Zeros are shown as 0 (the NHS England convention; see count-protection.ts).
 * 3. Secondary suppression (secondary-suppression.ts) hides further figures until no hidden figure can
 *    be recovered from a row or column and its total, nor from any combination of them.
 * 4. Every figure left visible is rounded to the nearest 5, half up. Totals are rounded independently
 *    from their true (unrounded) values, not summed from rounded cells: the published rows and columns
 *    will not always add up, which is expected and is itself part of the protection.
 *
 * The flags tell the producer why each figure is hidden. A published table should show both kinds of
 * suppression with one symbol: telling readers which are primary says those are 1-7 and the secondary
 * ones are not, which narrows what each can be.
 */
import { assertCount, isSmallCount, publishedCount, resolveDisclosureOptions } from './count-protection.js';
import type { DisclosureOptions, ProtectedCell } from './count-protection.js';
import { suppressSecondary } from './secondary-suppression.js';
import { privacyErrors } from './privacy-errors.js';

/** Machine-readable description of what was done, to publish beside the table. */
export interface DisclosureMethodNote {
  scheme: 'heartwood-sdc';
  version: 1;
  primarySuppression: { from: 1; to: number; appliesTo: 'cells-and-totals' };
  zeros: 'shown';
  rounding: { base: number; rule: 'half-up'; totals: 'rounded-independently-from-unrounded-totals' };
  secondarySuppression: {
    rule: 'smallest-non-zero-in-line-then-cycle-completion';
    guarantee: 'no-suppressed-figure-determined-by-row-and-column-sums';
  };
  suppressed: { primary: number; secondary: number };
  summary: string;
}

export interface ProtectedTable {
  cells: ProtectedCell[][];
  rowTotals: ProtectedCell[];
  columnTotals: ProtectedCell[];
  grandTotal: ProtectedCell;
  method: DisclosureMethodNote;
}

function checkTable(counts: unknown): number[][] {
  if (!Array.isArray(counts) || counts.length === 0) {
    throw privacyErrors.invalid('A table needs at least one row of counts.');
  }
  const width = Array.isArray(counts[0]) ? counts[0].length : 0;
  if (width === 0) throw privacyErrors.invalid('A table needs at least one column of counts.');
  return counts.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw privacyErrors.invalid(`Row ${i} of the table does not have ${width} counts.`);
    }
    row.forEach((n, j) => assertCount(n, `The count at row ${i}, column ${j}`));
    return [...(row as number[])];
  });
}

function summary(threshold: number, base: number): string {
  return (
    `Counts from 1 to ${threshold} are suppressed, in cells and totals; zeros are shown. ` +
    `Further figures are suppressed so that no suppressed figure can be derived from the totals. ` +
    `Other figures are rounded to the nearest ${base} (halves up); totals are rounded from their ` +
    `unrounded values, so rows and columns may not add up.`
  );
}

/** Protects a table of counts for publication. `counts[i][j]` is row i, column j. */
export function protectTable(
  counts: readonly (readonly number[])[],
  options: DisclosureOptions = {},
): ProtectedTable {
  const { threshold, roundingBase } = resolveDisclosureOptions(options);
  const cells = checkTable(counts);
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: cols }, (_, j) => cells.reduce((a, row) => a + (row[j] ?? 0), 0));
  const grandTotal = rowTotals.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(grandTotal)) throw privacyErrors.invalid('The table total is too large.');

  // The grid of secondary-suppression.ts: cells with their row totals, then the column totals and the grand total.
  const values = [...cells.map((row, i) => [...row, rowTotals[i] ?? 0]), [...columnTotals, grandTotal]];
  const primary = values.map((row) => row.map((n) => isSmallCount(n, threshold)));
  const grid = { values, suppressed: primary.map((row) => [...row]) };
  const secondaryCount = suppressSecondary(grid);

  const publish = (i: number, j: number): ProtectedCell => {
    if (primary[i]?.[j] === true) return { value: null, flag: 'suppressed-primary' };
    if (grid.suppressed[i]?.[j] === true) return { value: null, flag: 'suppressed-secondary' };
    return publishedCount(values[i]?.[j] ?? 0, roundingBase);
  };
  const primaryCount = primary.flat().filter(Boolean).length;

  return {
    cells: Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => publish(i, j))),
    rowTotals: Array.from({ length: rows }, (_, i) => publish(i, cols)),
    columnTotals: Array.from({ length: cols }, (_, j) => publish(rows, j)),
    grandTotal: publish(rows, cols),
    method: {
      scheme: 'heartwood-sdc',
      version: 1,
      primarySuppression: { from: 1, to: threshold, appliesTo: 'cells-and-totals' },
      zeros: 'shown',
      rounding: {
        base: roundingBase,
        rule: 'half-up',
        totals: 'rounded-independently-from-unrounded-totals',
      },
      secondarySuppression: {
        rule: 'smallest-non-zero-in-line-then-cycle-completion',
        guarantee: 'no-suppressed-figure-determined-by-row-and-column-sums',
      },
      suppressed: { primary: primaryCount, secondary: secondaryCount },
      summary: summary(threshold, roundingBase),
    },
  };
}
