/**
 * Secondary suppression: hiding enough further figures that no suppressed figure can be worked out
 * from the rest of the table by adding and subtracting.
 *
 * The table and its totals are treated as one grid: data rows, then the row of column totals; data
 * columns, then the column of row totals (the grand total in the corner). Every row and every column of
 * that grid is a "line" — its cells add up to its total — so a line with exactly one hidden figure gives
 * it away. Totals are figures like any other: a row total that would let a reader subtract their way to a
 * hidden cell is handled by the same rule.
 *
 * Two passes:
 * 1. The line rule: in every line with exactly one hidden figure, hide the smallest other non-zero figure
 *    of that line (a cell in preference to a total on a tie), until no line changes.
 * 2. Cycle completion. The line rule is necessary but not sufficient: hidden figures form a bipartite
 *    graph (grid rows ↔ grid columns, one edge per hidden figure), and a hidden figure can be solved for
 *    exactly when its edge is a bridge — on no cycle — even if every line holds two or more hidden
 *    figures (two hidden rectangles joined through one shared line, for instance). Each bridge is put on
 *    a cycle by hiding the cheapest path that closes it (least total of newly hidden values, then fewest
 *    totals). When no bridge remains, every hidden figure can move up and down around a cycle while all
 *    lines still add up, so none of them is determined by the published figures.
 *
 * Zeros are never chosen: a zero is published as 0, so a hidden figure beside a primary one would be
 * known to be 0 or at least threshold+1, and hiding a 0 next to a hidden 3 would reveal both.
 */

/** Values and suppression state of the grid, row-major; the last row and last column are the totals. */
export interface SuppressionGrid {
  values: readonly (readonly number[])[];
  suppressed: boolean[][];
}

function dims(grid: SuppressionGrid): { rows: number; cols: number } {
  return { rows: grid.values.length, cols: grid.values[0]?.length ?? 0 };
}

const valueAt = (grid: SuppressionGrid, i: number, j: number): number => grid.values[i]?.[j] ?? 0;
const isHidden = (grid: SuppressionGrid, i: number, j: number): boolean => grid.suppressed[i]?.[j] === true;

function hide(grid: SuppressionGrid, i: number, j: number): void {
  const row = grid.suppressed[i];
  if (row !== undefined) row[j] = true;
}

/** The positions of one line: grid row `index`, or grid column `index`. */
function linePositions(grid: SuppressionGrid, kind: 'row' | 'col', index: number): [number, number][] {
  const { rows, cols } = dims(grid);
  const out: [number, number][] = [];
  if (kind === 'row') for (let j = 0; j < cols; j++) out.push([index, j]);
  else for (let i = 0; i < rows; i++) out.push([i, index]);
  return out;
}

/** Pass 1. Returns how many figures it hid. */
export function applyLineRule(grid: SuppressionGrid): number {
  const { rows, cols } = dims(grid);
  const isTotal = (i: number, j: number) => i === rows - 1 || j === cols - 1;
  const lines: ['row' | 'col', number][] = [];
  for (let i = 0; i < rows; i++) lines.push(['row', i]);
  for (let j = 0; j < cols; j++) lines.push(['col', j]);
  let added = 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (const [kind, index] of lines) {
      const positions = linePositions(grid, kind, index);
      if (positions.filter(([i, j]) => isHidden(grid, i, j)).length !== 1) continue;
      let best: [number, number] | undefined;
      for (const [i, j] of positions) {
        if (isHidden(grid, i, j) || valueAt(grid, i, j) <= 0) continue;
        if (best === undefined) {
          best = [i, j];
          continue;
        }
        const [bi, bj] = best;
        const v = valueAt(grid, i, j);
        const bv = valueAt(grid, bi, bj);
        if (v < bv || (v === bv && !isTotal(i, j) && isTotal(bi, bj))) best = [i, j];
      }
      // A line with one hidden non-zero figure always has another non-zero figure: its total, or (when
      // the total is the hidden one) one of its cells. Nothing to do only if the grid is inconsistent.
      if (best === undefined) continue;
      hide(grid, best[0], best[1]);
      added++;
      changed = true;
    }
  }
  return added;
}

/**
 * Bridges of the hidden-figure graph (Tarjan's algorithm, iterative so large tables cannot overflow the
 * stack), as grid positions in row-major order. Vertices 0..rows-1 are grid rows, rows.. are columns.
 */
export function findBridges(grid: SuppressionGrid): [number, number][] {
  const { rows, cols } = dims(grid);
  const vertexCount = rows + cols;
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: vertexCount }, () => []);
  const edges: [number, number][] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (!isHidden(grid, i, j)) continue;
      const edge = edges.length;
      edges.push([i, j]);
      adjacency[i]?.push({ to: rows + j, edge });
      adjacency[rows + j]?.push({ to: i, edge });
    }
  }
  const discovered = new Array<number>(vertexCount).fill(-1);
  const low = new Array<number>(vertexCount).fill(0);
  const bridges: [number, number][] = [];
  let clock = 0;
  for (let start = 0; start < vertexCount; start++) {
    if (discovered[start] !== -1) continue;
    discovered[start] = low[start] = clock++;
    const stack = [{ vertex: start, viaEdge: -1, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const neighbours = adjacency[frame.vertex] ?? [];
      const step = neighbours[frame.next];
      if (step !== undefined) {
        frame.next++;
        if (step.edge === frame.viaEdge) continue;
        const seen = discovered[step.to] ?? -1;
        if (seen === -1) {
          discovered[step.to] = low[step.to] = clock++;
          stack.push({ vertex: step.to, viaEdge: step.edge, next: 0 });
        } else {
          low[frame.vertex] = Math.min(low[frame.vertex] ?? 0, seen);
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) continue;
      const childLow = low[frame.vertex] ?? 0;
      low[parent.vertex] = Math.min(low[parent.vertex] ?? 0, childLow);
      if (childLow > (discovered[parent.vertex] ?? 0)) {
        const bridge = edges[frame.viaEdge];
        if (bridge !== undefined) bridges.push(bridge);
      }
    }
  }
  return bridges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Cost of a path: total of newly hidden values, then number of newly hidden totals. */
type Cost = readonly [number, number];
const cheaper = (a: Cost, b: Cost): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * The cheapest path from grid row `r` to grid column `c` that does not use the figure (r, c) itself,
 * through hidden figures (free) and non-zero visible ones (at their value). Dijkstra on the dense
 * bipartite graph; ties go to the lowest vertex, so the result is deterministic.
 */
function cheapestClosingPath(grid: SuppressionGrid, r: number, c: number): [number, number][] | undefined {
  const { rows, cols } = dims(grid);
  const vertexCount = rows + cols;
  const target = rows + c;
  const cost = new Array<Cost | undefined>(vertexCount).fill(undefined);
  const previous = new Array<number>(vertexCount).fill(-1);
  const done = new Array<boolean>(vertexCount).fill(false);
  cost[r] = [0, 0];
  const edgeCost = (i: number, j: number): Cost | undefined => {
    if (i === r && j === c) return undefined;
    if (isHidden(grid, i, j)) return [0, 0];
    const v = valueAt(grid, i, j);
    if (v <= 0) return undefined;
    return [v, i === rows - 1 || j === cols - 1 ? 1 : 0];
  };
  for (;;) {
    let u = -1;
    for (let v = 0; v < vertexCount; v++) {
      const cv = cost[v];
      if (done[v] || cv === undefined) continue;
      const cu = u === -1 ? undefined : cost[u];
      if (cu === undefined || cheaper(cv, cu)) u = v;
    }
    if (u === -1) return undefined;
    if (u === target) break;
    done[u] = true;
    const base = cost[u] ?? [0, 0];
    const others = u < rows ? cols : rows;
    for (let k = 0; k < others; k++) {
      const [i, j] = u < rows ? [u, k] : [k, u - rows];
      const v = u < rows ? rows + k : k;
      if (done[v]) continue;
      const step = edgeCost(i, j);
      if (step === undefined) continue;
      const next: Cost = [base[0] + step[0], base[1] + step[1]];
      const current = cost[v];
      if (current === undefined || cheaper(next, current)) {
        cost[v] = next;
        previous[v] = u;
      }
    }
  }
  const path: [number, number][] = [];
  for (let v = target; v !== r;) {
    const u = previous[v] ?? -1;
    if (u === -1) return undefined;
    path.push(u < rows ? [u, v - rows] : [v, u - rows]);
    v = u;
  }
  return path;
}

/** Pass 2. Returns how many figures it hid. */
export function completeCycles(grid: SuppressionGrid): number {
  const { rows, cols } = dims(grid);
  let added = 0;
  // Each round hides at least one figure, so this bound is never reached; it only guards the loop.
  for (let round = 0; round <= rows * cols; round++) {
    const bridge = findBridges(grid)[0];
    if (bridge === undefined) return added;
    const path = cheapestClosingPath(grid, bridge[0], bridge[1]);
    // A hidden figure is non-zero, so its row total, column total and the grand total (or, for a total,
    // a non-zero cell of its line) always close a cycle; no path means the grid does not add up.
    if (path === undefined)
      throw new Error('Secondary suppression found no cycle: the table totals are inconsistent.');
    for (const [i, j] of path) {
      if (isHidden(grid, i, j)) continue;
      hide(grid, i, j);
      added++;
    }
  }
  throw new Error('Secondary suppression did not converge.');
}

/** Both passes, in order. Returns how many figures were hidden beyond those already hidden. */
export function suppressSecondary(grid: SuppressionGrid): number {
  return applyLineRule(grid) + completeCycles(grid);
}
