import { describe, expect, it } from 'vitest';
import { blockElement, blockKeys, recordsOfBlock } from './audit-block.js';
import { canonicalOf, hashAfter } from './audit-chain.js';
import { chainedColumns, prepareAudit } from './audit-event.js';
import { clinician, readOf } from './test-audit-support.js';

const at = new Date('2026-11-21T09:00:00.000Z');

/** A block's text for the given reads at places 1, 2, 3… of chain 5. */
function blockOf(patients: string[]): string {
  let prev = '0'.repeat(64);
  const elements = patients.map((patient, i) => {
    const p = prepareAudit(readOf(patient, i), at);
    const canonical = canonicalOf(chainedColumns(5, String(i + 1), p));
    const hash = hashAfter(prev, canonical);
    const element = blockElement(canonical, prev, hash);
    prev = hash;
    return element;
  });
  return `[${elements.join(',')}]`;
}

describe('audit blocks', () => {
  it('are found by each patient, agent, organisation and subtype once', () => {
    const records = [
      readOf('p1', 1),
      readOf('p2', 2),
      { ...readOf('p1', 3), subtype: 'search-type' as const },
    ];
    expect(blockKeys(records.map((r) => prepareAudit(r, at))).sort()).toEqual(
      [
        'a:Practitioner/amina',
        `a:${clinician.subject}`,
        'o:rgt',
        'p:p1',
        'p:p2',
        's:read',
        's:search-type',
      ].sort(),
    );
  });

  it('read back as rows at the places they were hashed at, linked one to the next', () => {
    const rows = recordsOfBlock({ seq: '7', records: blockOf(['p1', 'p2', 'p3']) })!;
    expect(rows.map((r) => [r.seq, r.pos, r.patient_ids[0]])).toEqual([
      ['7-0', '1', 'p1'],
      ['7-1', '2', 'p2'],
      ['7-2', '3', 'p3'],
    ]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
  });

  it('keep only the records asked for, numbered as in the whole block', () => {
    const rows = recordsOfBlock({ seq: '7', records: blockOf(['p1', 'p2', 'p1']) }, (r) =>
      r.patient_ids.includes('p1'),
    )!;
    expect(rows.map((r) => r.seq)).toEqual(['7-0', '7-2']);
  });

  it('order records by place, not by where they sit in the text', () => {
    const elements = JSON.parse(blockOf(Array.from({ length: 12 }, (_, i) => `p${i}`))) as unknown[];
    const rows = recordsOfBlock({ seq: '3', records: JSON.stringify(elements.reverse()) })!;
    expect(rows.map((r) => r.pos)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
  });

  it('refuse text that is not a block', () => {
    for (const text of [
      'not json',
      '{}',
      '[]',
      '[[1]]',
      '[["1", 2]]',
      JSON.stringify([Array(13).fill(null)]),
    ]) {
      expect(recordsOfBlock({ seq: '1', records: text })).toBeUndefined();
    }
  });
});
