import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInbox } from './hl7v2-inbox.js';
import { importHl7v2Files } from './import-hl7v2-files.js';
import { FIXTURES } from './test-fixtures.js';
import { openTestStore, search } from './test-store.js';
import type { TestStore } from './test-store.js';

describe('importHl7v2Files (real store)', () => {
  let t: TestStore;
  let dir: string;
  beforeAll(async () => {
    t = await openTestStore();
    dir = await mkdtemp(join(tmpdir(), 'hl7v2-import-'));
  });
  afterAll(async () => {
    await t?.opened.store.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports a directory of message files, answering each as the listener would', async () => {
    const seen: string[] = [];
    const s = await importHl7v2Files([FIXTURES], {
      service: t.service,
      driver: t.opened.driver,
      onMessage: (m) => seen.push(`${m.messageType} ${m.code}`),
    });
    expect(s).toMatchObject({
      files: 5,
      messages: 5,
      byCode: { AA: 5, AE: 0, AR: 0 },
      refused: [],
      unreadable: [],
    });
    expect(s.byType).toEqual({
      'ADT^A01': { AA: 1, AE: 0, AR: 0 },
      'ADT^A08': { AA: 1, AE: 0, AR: 0 },
      'ADT^A40': { AA: 1, AE: 0, AR: 0 },
      'ORU^R01': { AA: 2, AE: 0, AR: 0 },
    });
    expect(seen).toHaveLength(5);
    expect(await search(t.service, 'DiagnosticReport?_count=10')).toHaveLength(3);
  });

  it('splits files holding several messages and reports what it refused and why', async () => {
    const nested = join(dir, 'feed');
    await mkdir(nested);
    await writeFile(
      join(nested, 'batch.txt'),
      [
        'FHS|^~\\&',
        'MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|B1|P|2.5.1',
        'PID|1||Q1^^^RXH^MR||ONE',
        'MSH|^~\\&|PAS|RXH|||20240301||ADT^A99|B2|P|2.5.1',
        'PID|1||Q2^^^RXH^MR||TWO',
        'MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|B3|P|2.5.1',
        'PID|1||||NO-ID',
        'FTS|3',
      ].join('\n'),
    );
    await writeFile(join(nested, 'notes.md'), 'not a message file: skipped when walking a directory');
    const s = await importHl7v2Files([nested, join(dir, 'missing.hl7')], {
      service: t.service,
      driver: t.opened.driver,
    });
    expect(s.files).toBe(1);
    expect(s.messages).toBe(3);
    expect(s.byCode).toEqual({ AA: 1, AE: 1, AR: 1 });
    expect(s.refused.map((r) => [r.index, r.code, r.controlId])).toEqual([
      [2, 'AR', 'B2'],
      [3, 'AE', 'B3'],
    ]);
    expect(s.refused[0]!.reason).toMatch(/ADT\^A99 is not supported/);
    expect(s.unreadable).toEqual([{ path: join(dir, 'missing.hl7'), reason: 'no such file or directory' }]);
    const inbox = await listInbox(t.opened.driver, { limit: 3 });
    expect(inbox.map((m) => m.status).sort()).toEqual(['accepted', 'error', 'rejected']);
  });

  it('stops between messages when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = await importHl7v2Files([FIXTURES], {
      service: t.service,
      driver: t.opened.driver,
      signal: controller.signal,
    });
    expect(s).toMatchObject({ messages: 0, aborted: true });
  });
});
