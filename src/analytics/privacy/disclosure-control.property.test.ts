import { describe, expect, it } from 'vitest';
import { protectTable, roundToBase } from './index.js';
import { applyLineRule } from './secondary-suppression.js';
import { seededRandom } from './test-random.js';
import type { SeededRandom } from './test-random.js';
import { determinedHiddenFigures, isHidden, publishedGrid, singleUnknownLines } from './test-table-audit.js';

/** Counts shaped like real small-area tables: many zeros and small numbers, some large. */
function randomTable(rnd: SeededRandom): number[][] {
  const rows = rnd.int(1, 6);
  const cols = rnd.int(1, 6);
  const sparse = rnd.next();
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      const r = rnd.next();
      if (r < sparse * 0.4) return 0;
      if (r < 0.55) return rnd.int(1, 7);
      if (r < 0.9) return rnd.int(8, 40);
      return rnd.int(41, 2000);
    }),
  );
}

function trueGrid(counts: number[][]): number[][] {
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = (counts[0] ?? []).map((_, j) => counts.reduce((a, r) => a + (r[j] ?? 0), 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  return [...counts.map((r, i) => [...r, rowTotals[i] ?? 0]), [...colTotals, grand]];
}

describe('protectTable on 1,000 random tables (seeded)', () => {
  const rnd = seededRandom(20240317);
  const tables = Array.from({ length: 1000 }, () => randomTable(rnd));

  it('never leaves a line (row, column or totals) with exactly one suppressed figure', () => {
    for (const counts of tables) {
      const lines = singleUnknownLines(publishedGrid(protectTable(counts)));
      if (lines.length > 0) expect({ counts, lines }).toEqual({ counts, lines: [] });
    }
  });

  it('never leaves a suppressed figure that the published equations determine', () => {
    for (const counts of tables) {
      const determined = determinedHiddenFigures(publishedGrid(protectTable(counts)));
      if (determined.length > 0) expect({ counts, determined }).toEqual({ counts, determined: [] });
    }
  });

  it('suppresses exactly the 1-7 figures as primary, never a zero, and rounds every visible figure', () => {
    let hidden = 0;
    for (const counts of tables) {
      const published = publishedGrid(protectTable(counts));
      trueGrid(counts).forEach((row, i) =>
        row.forEach((v, j) => {
          const cell = published[i]?.[j];
          expect(cell?.flag === 'suppressed-primary').toBe(v >= 1 && v <= 7);
          if (v === 0) expect(cell).toEqual({ value: 0, flag: 'zero' });
          if (cell !== undefined && isHidden(cell)) hidden++;
          else expect(cell?.value).toBe(roundToBase(v, 5));
        }),
      );
    }
    // The generator must actually exercise suppression for the checks above to mean anything.
    expect(hidden).toBeGreaterThan(3000);
  });

  it('needs cycle completion: the line rule alone leaves recoverable figures in some of these tables', () => {
    let unsafe = 0;
    for (const counts of tables) {
      const values = trueGrid(counts);
      const grid = { values, suppressed: values.map((r) => r.map((v) => v >= 1 && v <= 7)) };
      applyLineRule(grid);
      const published = values.map((r, i) =>
        r.map((v, j) =>
          grid.suppressed[i]?.[j]
            ? { value: null, flag: 'suppressed-primary' as const }
            : { value: v, flag: 'rounded' as const },
        ),
      );
      expect(singleUnknownLines(published)).toEqual([]);
      if (determinedHiddenFigures(published).length > 0) unsafe++;
    }
    expect(unsafe).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    for (const counts of tables.slice(0, 100)) expect(protectTable(counts)).toEqual(protectTable(counts));
  });
});
