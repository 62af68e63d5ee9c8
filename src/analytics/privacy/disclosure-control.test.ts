import { describe, expect, it } from 'vitest';
import { protectTable } from './index.js';
import type { ProtectedCell, ProtectedTable } from './index.js';
import { applyLineRule, completeCycles, findBridges } from './secondary-suppression.js';
import { determinedHiddenFigures, publishedGrid, singleUnknownLines } from './test-table-audit.js';

const P: ProtectedCell = { value: null, flag: 'suppressed-primary' };
const S: ProtectedCell = { value: null, flag: 'suppressed-secondary' };
const Z: ProtectedCell = { value: 0, flag: 'zero' };
const R = (value: number): ProtectedCell => ({ value, flag: 'rounded' });

function expectSafe(t: ProtectedTable): void {
  const grid = publishedGrid(t);
  expect(singleUnknownLines(grid)).toEqual([]);
  expect(determinedHiddenFigures(grid)).toEqual([]);
}

describe('protectTable', () => {
  it('rounds and shows zeros when nothing is small', () => {
    const t = protectTable([
      [10, 0],
      [12, 23],
    ]);
    expect(t.cells).toEqual([
      [R(10), Z],
      [R(10), R(25)],
    ]);
    // Totals come from the true counts (10, 35 | 22, 23 | 45), not from the rounded cells.
    expect(t.rowTotals).toEqual([R(10), R(35)]);
    expect(t.columnTotals).toEqual([R(20), R(25)]);
    expect(t.grandTotal).toEqual(R(45));
    expect(t.method.suppressed).toEqual({ primary: 0, secondary: 0 });
  });

  it('rounds totals independently: the published row need not add up', () => {
    // 12 + 12 + 12 = 36 → 35, while the rounded cells add up to 30.
    const t = protectTable([[12, 12, 12]]);
    expect(t.cells[0]).toEqual([R(10), R(10), R(10)]);
    expect(t.rowTotals).toEqual([R(35)]);
  });

  it('stops the row total from giving back a primary-suppressed cell', () => {
    //        c0  c1 | total
    //  r0     3  20 |  23     3 is primary. Published alone, 23 - 20 = 3 gives it back, and the
    //  r1    10  25 |  35     column total 13 - 10 does the same. The line rule hides 20 (smallest
    //  total 13  45 |  58     other in row 0), 10 (in column 0), then 25 (column 1 had one hidden).
    const t = protectTable([
      [3, 20],
      [10, 25],
    ]);
    expect(t.cells).toEqual([
      [P, S],
      [S, S],
    ]);
    expect(t.rowTotals).toEqual([R(25), R(35)]);
    expect(t.columnTotals).toEqual([R(15), R(45)]);
    expect(t.grandTotal).toEqual(R(60));
    expect(t.method.suppressed).toEqual({ primary: 1, secondary: 3 });
    expectSafe(t);
  });

  it('without secondary suppression the same table would be recoverable (the audit is not vacuous)', () => {
    const naive: ProtectedTable = {
      cells: [
        [P, R(20)],
        [R(10), R(25)],
      ],
      rowTotals: [R(23), R(35)],
      columnTotals: [R(13), R(45)],
      grandTotal: R(58),
      method: protectTable([[10]]).method,
    };
    const grid = publishedGrid(naive);
    expect(singleUnknownLines(grid)).toEqual(['row 0', 'column 0']);
    expect(determinedHiddenFigures(grid)).toEqual([[0, 0]]);
  });

  it('suppresses totals that are themselves small, and protects them like cells', () => {
    //        c0  c1  c2 | total
    //  r0     5   1   0 |   6  ← small total: primary
    //  r1    13   0  12 |  25
    //  r2    31   1   3 |  35
    //  total 49   2  15 |  66  ← column total 2: primary
    const t = protectTable([
      [5, 1, 0],
      [13, 0, 12],
      [31, 1, 3],
    ]);
    expect(t.rowTotals[0]).toEqual(P);
    expect(t.columnTotals[1]).toEqual(P);
    expectSafe(t);
  });

  it('closes a gap the line rule leaves: every line has two hidden figures, yet one is recoverable', () => {
    // The table above, after primary suppression and the line rule alone (grid: data, then totals):
    //        c0  c1  c2 | T
    //  r0     *   *   0 | *        hidden: two cycles, {r0,r1}×{c0,T} and {r2,T}×{c1,c2},
    //  r1     *   0  12 | *        joined only through the primary 1 at (r0, c1).
    //  r2    31   *   * | 35
    //  T     49   *   * | 66
    // Rows r2 and T give x21 + x22 = 4 and x31 + x32 = 17; columns c1 and c2 give
    // x01 + x21 − x31 = 0 and x22 − x32 = −12. Adding the columns and substituting: x01 = 1.
    const values = [
      [5, 1, 0, 6],
      [13, 0, 12, 25],
      [31, 1, 3, 35],
      [49, 2, 15, 66],
    ];
    const grid = { values, suppressed: values.map((row) => row.map((v) => v >= 1 && v <= 7)) };
    expect(applyLineRule(grid)).toBe(3);
    const rowCounts = grid.suppressed.map((r) => r.filter(Boolean).length);
    const colCounts = values.map((_, j) => grid.suppressed.filter((r) => r[j] === true).length);
    expect([...rowCounts, ...colCounts].every((c) => c === 0 || c >= 2)).toBe(true);
    expect(findBridges(grid)).toEqual([[0, 1]]);

    // Cycle completion hides the cheapest figure joining the two cycles: 12 at (r1, c2).
    expect(completeCycles(grid)).toBe(1);
    expect(grid.suppressed[1]).toEqual([true, false, true, true]);
    expect(findBridges(grid)).toEqual([]);

    const t = protectTable(values.slice(0, 3).map((row) => row.slice(0, 3)));
    expect(t.cells).toEqual([
      [P, P, Z],
      [S, Z, S],
      [R(30), P, P],
    ]);
    expect(t.rowTotals).toEqual([P, S, R(35)]);
    expect(t.columnTotals).toEqual([R(50), P, S]);
    expect(t.grandTotal).toEqual(R(65));
    expect(t.method.suppressed).toEqual({ primary: 6, secondary: 4 });
    expectSafe(t);
  });

  it('never hides a zero to protect a neighbour', () => {
    // Hiding the 0 beside the 3 would be useless: zeros are shown, so a hidden neighbour of a hidden
    // 1-7 would be known to be 0 or ≥ 8, and the pair's sum would give both away.
    const t = protectTable([
      [3, 0, 40],
      [20, 30, 50],
    ]);
    expect(t.cells[0]?.[1]).toEqual(Z);
    expectSafe(t);
  });

  it('hides a single-row table through its total', () => {
    const t = protectTable([[4, 0, 30]]);
    // Row: 4 hidden, 0 shown, 30 would give 4 back from the total 34: the smallest other non-zero
    // figure in the row is 30. Column 0's total equals the cell (4), so it is primary too.
    expect(t.cells).toEqual([[P, Z, S]]);
    expect(t.columnTotals[0]).toEqual(P);
    expectSafe(t);
  });

  it('uses a configurable threshold and rounding base, and says so in the method note', () => {
    const t = protectTable(
      [
        [9, 40],
        [30, 15],
      ],
      { threshold: 10, roundingBase: 10 },
    );
    expect(t.cells[0]?.[0]).toEqual(P);
    expect(t.cells[1]?.[1]).toEqual(S); // column 1 then holds only the hidden 40: 15 < 55 (total)
    expect(t.method.primarySuppression).toEqual({ from: 1, to: 10, appliesTo: 'cells-and-totals' });
    expect(t.method.rounding.base).toBe(10);
    expect(t.grandTotal).toEqual(R(90)); // 94 → 90
    expectSafe(t);
  });

  it('describes the method in a machine-readable note', () => {
    const { method } = protectTable([[3, 9]]);
    expect(method).toMatchObject({
      scheme: 'heartwood-sdc',
      version: 1,
      zeros: 'shown',
      rounding: { base: 5, rule: 'half-up', totals: 'rounded-independently-from-unrounded-totals' },
      primarySuppression: { from: 1, to: 7 },
    });
    expect(method.summary).toMatch(/zeros are shown/);
  });

  it('leaves an all-zero table alone', () => {
    const t = protectTable([
      [0, 0],
      [0, 0],
    ]);
    expect(t.cells.flat().every((c) => c.flag === 'zero')).toBe(true);
    expect(t.grandTotal).toEqual(Z);
  });

  it('refuses malformed tables', () => {
    expect(() => protectTable([])).toThrow(/at least one row/);
    expect(() => protectTable([[]])).toThrow(/at least one column/);
    expect(() => protectTable([[1, 2], [3]])).toThrow(/Row 1/);
    expect(() => protectTable([[1, -2]])).toThrow(/row 0, column 1/);
    expect(() => protectTable([[1.5]])).toThrow(/whole number/);
    expect(() => protectTable([[1]], { threshold: -1 })).toThrow(/threshold/);
    expect(() => protectTable([[1]], { roundingBase: 0 })).toThrow(/rounding base/);
  });
});
