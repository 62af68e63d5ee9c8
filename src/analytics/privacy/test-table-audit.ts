/**
 * An attacker's view of a protected table, for tests: which hidden figures could be worked out from the
 * published ones. Written independently of secondary-suppression.ts (plain linear algebra on the table's
 * own equations, no graphs), so that the two check each other.
 */
import type { ProtectedCell, ProtectedTable } from './index.js';

/** The table with its totals as one grid: last column row totals, last row column totals and grand total. */
export function publishedGrid(t: ProtectedTable): ProtectedCell[][] {
  return [
    ...t.cells.map((row, i) => [...row, t.rowTotals[i] as ProtectedCell]),
    [...t.columnTotals, t.grandTotal],
  ];
}

export const isHidden = (c: ProtectedCell): boolean => c.value === null;

/**
 * Lines (grid rows and columns, totals included) holding exactly one hidden figure — the figure a
 * reader gets by subtracting the others from the total. Returned as descriptions, for readable failures.
 */
export function singleUnknownLines(grid: ProtectedCell[][]): string[] {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    if ((grid[i] ?? []).filter(isHidden).length === 1) out.push(`row ${i}`);
  }
  for (let j = 0; j < cols; j++) {
    if (grid.filter((row) => row[j] !== undefined && isHidden(row[j] as ProtectedCell)).length === 1) {
      out.push(`column ${j}`);
    }
  }
  return out;
}

/**
 * Hidden figures whose value follows from the table's equations if every visible figure were exact:
 * each data row adds up to its row total, each data column to its column total, and the row totals and
 * the column totals each add up to the grand total. A hidden figure is determined exactly when its unit
 * vector lies in the row space of those equations restricted to the hidden figures.
 */
export function determinedHiddenFigures(grid: ProtectedCell[][]): [number, number][] {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const n = rows - 1;
  const m = cols - 1;
  const unknowns: [number, number][] = [];
  grid.forEach((row, i) => row.forEach((c, j) => isHidden(c) && unknowns.push([i, j])));
  const indexOf = new Map(unknowns.map(([i, j], k) => [`${i},${j}`, k]));
  const equations: number[][] = [];
  const equation = (terms: [number, number, number][]) => {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (const [i, j, coefficient] of terms) {
      const k = indexOf.get(`${i},${j}`);
      if (k !== undefined) eq[k] = (eq[k] ?? 0) + coefficient;
    }
    equations.push(eq);
  };
  for (let i = 0; i < n; i++)
    equation([...range(m).map((j) => [i, j, 1] as [number, number, number]), [i, m, -1]]);
  for (let j = 0; j < m; j++)
    equation([...range(n).map((i) => [i, j, 1] as [number, number, number]), [n, j, -1]]);
  equation([...range(n).map((i) => [i, m, 1] as [number, number, number]), [n, m, -1]]);
  equation([...range(m).map((j) => [n, j, 1] as [number, number, number]), [n, m, -1]]);

  const basis = reducedRowEchelon(equations, unknowns.length);
  return unknowns.filter((_, k) => {
    const v = new Array<number>(unknowns.length).fill(0);
    v[k] = 1;
    for (const { pivot, row } of basis) {
      const f = v[pivot] ?? 0;
      if (f !== 0) for (let c = 0; c < v.length; c++) v[c] = (v[c] ?? 0) - f * (row[c] ?? 0);
    }
    return v.every((x) => Math.abs(x) < 1e-9);
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Gauss-Jordan elimination with partial pivoting; returns the non-zero rows with their pivot columns. */
function reducedRowEchelon(matrix: number[][], width: number): { pivot: number; row: number[] }[] {
  const a = matrix.map((r) => [...r]);
  const out: { pivot: number; row: number[] }[] = [];
  let top = 0;
  for (let c = 0; c < width && top < a.length; c++) {
    let best = top;
    for (let r = top + 1; r < a.length; r++) {
      if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[best]?.[c] ?? 0)) best = r;
    }
    const pivotRow = a[best] as number[];
    const p = pivotRow[c] ?? 0;
    if (Math.abs(p) < 1e-9) continue;
    [a[top], a[best]] = [pivotRow, a[top] as number[]];
    for (let k = 0; k < width; k++) pivotRow[k] = (pivotRow[k] ?? 0) / p;
    for (let r = 0; r < a.length; r++) {
      const row = a[r] as number[];
      if (r === top) continue;
      const f = row[c] ?? 0;
      if (f !== 0) for (let k = 0; k < width; k++) row[k] = (row[k] ?? 0) - f * (pivotRow[k] ?? 0);
    }
    out.push({ pivot: c, row: pivotRow });
    top++;
  }
  return out;
}
