import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { OpenedStore, SqlExecutor } from '../../store/index.js';
import { getInboxMessage } from './hl7v2-inbox.js';
import type { InboxOutcome } from './hl7v2-inbox.js';
import { createInboxWriter } from './inbox-writer.js';

/** The store's driver, with every statement it is given counted. */
function counting(db: SqlExecutor): { db: SqlExecutor; statements: () => number } {
  let n = 0;
  return {
    db: {
      query: (sql, params, name) => {
        n++;
        return db.query(sql, params, name);
      },
      copyRows: (table, columns, rows) => db.copyRows(table, columns, rows),
    },
    statements: () => n,
  };
}

describe('createInboxWriter', () => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await openStore({ kind: 'pglite' });
  });
  afterAll(async () => opened?.store.close());

  it('commits the writes asked for while a statement is on its way together, each row whole', async () => {
    const c = counting(opened.driver);
    const inbox = createInboxWriter(c.db);
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inbox.received({
          raw: `MSH|^~\\&|A|B|C|D|20240301||ADT^A01|M${i}|P|2.5.1\rPID|1||X${i}`,
          controlId: `M${i}`,
          messageType: 'ADT^A01',
          ...(i === 5 && { outcome: { status: 'rejected', reason: 'unsupported' } }),
        }),
      ),
    );
    // The first write goes at once; the five asked for meanwhile share the next statement.
    expect(c.statements()).toBe(2);
    expect(new Set(ids).size).toBe(6);
    await Promise.all([
      inbox.outcome(ids[0]!, { status: 'accepted' }),
      inbox.outcome(ids[1]!, { status: 'error', reason: 'no PID-3' }),
      inbox.outcome(ids[2]!, { status: 'accepted', controlId: 'CHANGED', messageType: 'ADT^A08' }),
    ]);
    expect(c.statements()).toBe(4);

    const rows = await Promise.all(ids.map((id) => getInboxMessage(opened.driver, id)));
    expect(rows.map((r) => r?.status)).toEqual([
      'accepted',
      'error',
      'accepted',
      'received',
      'received',
      'rejected',
    ]);
    expect(rows[1]).toMatchObject({ reason: 'no PID-3', controlId: 'M1', messageType: 'ADT^A01' });
    expect(rows[2]).toMatchObject({ controlId: 'CHANGED', messageType: 'ADT^A08', reason: null });
    expect(rows[5]).toMatchObject({ reason: 'unsupported', controlId: 'M5' });
    expect(rows[3]!.raw).toBe('MSH|^~\\&|A|B|C|D|20240301||ADT^A01|M3|P|2.5.1\rPID|1||X3');
    // Rows of one statement keep the order they arrived in.
    const times = rows.slice(1).map((r) => r!.receivedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('keeps NUL-bearing junk readable', async () => {
    const inbox = createInboxWriter(opened.driver);
    const id = await inbox.received({ raw: 'MSH\u0000junk', outcome: { status: 'rejected' } });
    expect((await getInboxMessage(opened.driver, id))?.raw).toBe('MSH\u2400junk');
  });

  it('fails only the write the database refuses when they shared a statement', async () => {
    const inbox = createInboxWriter(opened.driver);
    const [a, b] = await Promise.all([inbox.received({ raw: 'MSH|a' }), inbox.received({ raw: 'MSH|b' })]);
    const c = counting(opened.driver);
    const shared = createInboxWriter(c.db);
    const results = await Promise.allSettled([
      shared.received({ raw: 'MSH|c' }),
      shared.outcome(a!, { status: 'accepted' }),
      // Not a status the table allows: its CHECK refuses the whole shared statement.
      shared.outcome(b!, { status: 'lost' as InboxOutcome['status'] }),
      shared.outcome(a!, { status: 'error', reason: 'second thoughts' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await getInboxMessage(opened.driver, a!)).toMatchObject({
      status: 'error',
      reason: 'second thoughts',
    });
    expect(await getInboxMessage(opened.driver, b!)).toMatchObject({ status: 'received' });
    const c1 = (results[0] as PromiseFulfilledResult<string>).value;
    expect(await getInboxMessage(opened.driver, c1)).toMatchObject({ status: 'received', raw: 'MSH|c' });
  });

  it('rejects every write when the database cannot be reached', async () => {
    const down = async () => {
      throw new Error('database is down');
    };
    const inbox = createInboxWriter({ query: down, copyRows: down });
    const results = await Promise.allSettled([
      inbox.received({ raw: 'MSH|x' }),
      inbox.received({ raw: 'MSH|y' }),
      inbox.outcome('nobody', { status: 'accepted' }),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });
});
