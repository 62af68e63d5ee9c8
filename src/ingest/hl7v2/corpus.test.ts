import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInbox } from './hl7v2-inbox.js';
import { SUPPORTED_MESSAGE_TYPES } from './map-message.js';
import { createHl7v2Processor } from './process-message.js';
import type { ProcessedMessage } from './process-message.js';
import { CORPUS, HAS_CORPUS } from './test-fixtures.js';
import { openTestStore } from './test-store.js';
import type { TestStore } from './test-store.js';

if (!HAS_CORPUS) {
  console.warn(
    `HL7 v2 corpus test skipped: ${CORPUS} is not present (it lives in ../shared, outside the repository).`,
  );
}

describe.skipIf(!HAS_CORPUS)('the HL7 v2 corpus (139 messages from Microsoft FHIR-Converter)', () => {
  let t: TestStore;
  const results: { file: string; r: ProcessedMessage }[] = [];

  beforeAll(async () => {
    t = await openTestStore();
    const processor = createHl7v2Processor({
      service: t.service,
      driver: t.opened.driver,
      timeZone: 'Europe/London',
    });
    const files = (await readdir(CORPUS)).filter((f) => f.endsWith('.hl7')).sort();
    for (const file of files)
      results.push({ file, r: await processor.process(await readFile(join(CORPUS, file))) });
    printSummary(results);
  });
  afterAll(async () => t?.opened.store.close());

  it('processes every message without a crash, each with an ACK code and a reason for every refusal', () => {
    expect(results).toHaveLength(139);
    for (const { r } of results) {
      expect(['AA', 'AE', 'AR']).toContain(r.code);
      if (r.code !== 'AA') expect(r.reason, `${r.messageType}`).toMatch(/\S{3,}/);
      expect(r.ack).toMatch(new RegExp(`\\rMSA\\|${r.code}\\|`));
    }
  });

  it('accepts every message of a supported type', () => {
    const refused = results
      .filter(({ r }) => SUPPORTED_MESSAGE_TYPES.includes(r.messageType ?? '') && r.code !== 'AA')
      .map(({ file, r }) => `${file} ${r.messageType} ${r.code}: ${r.reason}`);
    expect(refused).toEqual([]);
  });

  it('rejects the unsupported types with AR naming what is supported', () => {
    for (const { r } of results.filter(({ r }) => !SUPPORTED_MESSAGE_TYPES.includes(r.messageType ?? ''))) {
      expect(r.code).toBe('AR');
      expect(r.reason).toMatch(/not supported/);
    }
  });

  it('keeps every message in the inbox with its outcome', async () => {
    const counts = await countInbox(t.opened.driver);
    expect(counts.received).toBe(0);
    expect(counts.accepted + counts.error + counts.rejected).toBe(139);
    expect(counts.accepted).toBe(results.filter(({ r }) => r.code === 'AA').length);
  });
});

function printSummary(results: { file: string; r: ProcessedMessage }[]): void {
  const byType = new Map<string, Record<string, number>>();
  for (const { r } of results) {
    const row = byType.get(r.messageType ?? '?') ?? { AA: 0, AE: 0, AR: 0 };
    row[r.code] = (row[r.code] ?? 0) + 1;
    byType.set(r.messageType ?? '?', row);
  }
  const totals = { AA: 0, AE: 0, AR: 0 } as Record<string, number>;
  const lines = [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, row]) => {
      for (const k of Object.keys(totals)) totals[k]! += row[k] ?? 0;
      return `${type.padEnd(9)} AA ${String(row.AA).padStart(3)}  AE ${String(row.AE).padStart(3)}  AR ${String(row.AR).padStart(3)}`;
    });
  const refusedSupported = results.filter(
    ({ r }) => SUPPORTED_MESSAGE_TYPES.includes(r.messageType ?? '') && r.code !== 'AA',
  );
  const warnings = results.reduce((n, { r }) => n + r.warnings.length, 0);
  console.log(
    [
      'HL7 v2 corpus summary (ACK code by MSH-9):',
      ...lines,
      `total     AA ${String(totals.AA).padStart(3)}  AE ${String(totals.AE).padStart(3)}  AR ${String(totals.AR).padStart(3)}`,
      `mapping warnings on accepted messages: ${warnings}`,
      ...refusedSupported.map(({ file, r }) => `supported but refused: ${file} ${r.code}: ${r.reason}`),
    ].join('\n'),
  );
}
