import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInbox } from './hl7v2-inbox.js';
import { createMllpDecoder } from './mllp-decoder.js';
import { createMllpServer, frameMessage } from './mllp-server.js';
import type { MllpServer, MllpServerEvent } from './mllp-server.js';
import { parseHl7Message } from './parse-message.js';
import { FIXTURES, hl7 } from './test-fixtures.js';
import { openTestStore, search } from './test-store.js';
import type { TestStore } from './test-store.js';

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const frame = (bytes: Buffer | string) =>
  Buffer.concat([
    Buffer.from([0x0b]),
    Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
    Buffer.from([0x1c, 0x0d]),
  ]);

/** A test client: sends bytes as given and collects the framed ACKs it gets back. */
async function client(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = createMllpDecoder(1 << 20);
  const acks: string[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    for (const e of decoder.push(chunk)) if (e.kind === 'message') acks.push(e.bytes.toString('utf8'));
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return {
    socket,
    acks,
    isClosed: () => closed,
    async send(...chunks: Buffer[]) {
      for (const c of chunks) {
        socket.write(c);
        await sleep(5);
      }
    },
    async waitFor(n: number, ms = 20_000) {
      const until = Date.now() + ms;
      while (acks.length < n && Date.now() < until) await sleep(10);
      return acks.map((a) => parseHl7Message(a));
    },
    close: () => socket.end(),
  };
}

describe('createMllpServer (real store over TCP)', () => {
  let t: TestStore;
  let server: MllpServer;
  let port: number;
  const events: MllpServerEvent[] = [];

  beforeAll(async () => {
    t = await openTestStore();
    server = createMllpServer({
      service: t.service,
      driver: t.opened.driver,
      maxMessageBytes: 64 * 1024,
      onEvent: (e) => events.push(e),
    });
    ({ port } = await server.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    await server?.close(1000);
    await t?.opened.store.close();
  });

  it('acknowledges several messages on one connection, in order, and stores them', async () => {
    const c = await client(port);
    await c.send(
      Buffer.concat([
        frame(fixture('adt-a01.hl7')),
        frame(fixture('oru-r01-cbc.hl7')),
        frame(fixture('adt-a40.hl7')),
      ]),
    );
    const acks = await c.waitFor(3);
    expect(acks.map((a) => [a.get('MSA-1'), a.get('MSA-2')])).toEqual([
      ['AA', 'MSG00001'],
      ['AA', '182'],
      ['AA', '8919-40'],
    ]);
    expect(acks[1]!.messageType).toEqual({ code: 'ACK', trigger: 'R01', structure: 'ACK' });
    c.close();
    const reports = await search(t.service, 'DiagnosticReport?_count=10');
    expect(reports).toHaveLength(2);
    const merged = await search(
      t.service,
      `Patient?identifier=${encodeURIComponent('https://heartwood.nhs.example/hl7v2/id/BCBS|56789')}`,
    );
    expect(merged).toMatchObject([{ active: false, link: [{ type: 'replaced-by' }] }]);
  });

  it('reassembles a frame sent in small pieces', async () => {
    const c = await client(port);
    const bytes = frame(fixture('oru-r01-glucose.hl7'));
    const pieces = [];
    for (let i = 0; i < bytes.length; i += 37) pieces.push(bytes.subarray(i, i + 37));
    await c.send(...pieces);
    const [ack] = await c.waitFor(1);
    expect(ack!.get('MSA-1')).toBe('AA');
    expect(ack!.get('MSA-2')).toBe('CNTRL-3456');
    c.close();
  });

  it('answers AE and AR with reasons, and keeps going on the same connection', async () => {
    const c = await client(port);
    await c.send(
      frame(hl7('MSH|^~\\&|PAS|RXH|||20240301||ADT^A01|BAD-1|P|2.5.1', 'PID|1||||NONAME')),
      frame(hl7('MSH|^~\\&|PAS|RXH|||20240301||SIU^S12|BAD-2|P|2.5.1')),
      frame('complete nonsense'),
      frame(hl7('MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|OK-1|P|2.5.1', 'PID|1||Z9^^^RXH^MR||OK^FINE')),
    );
    const acks = await c.waitFor(4);
    expect(acks.map((a) => [a.get('MSA-1'), a.get('MSA-2')])).toEqual([
      ['AE', 'BAD-1'],
      ['AR', 'BAD-2'],
      ['AR', undefined],
      ['AA', 'OK-1'],
    ]);
    expect(acks[0]!.get('ERR-8')).toMatch(/PID-3/);
    expect(acks[1]!.get('ERR-3')).toBe('200');
    c.close();
  });

  it('answers junk outside frames with one AR, rejects an oversized frame, and survives both', async () => {
    const c = await client(port);
    await c.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await c.send(
      frame(`MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|BIG-1|P|2.5.1\rNTE|1||${'x'.repeat(70 * 1024)}`),
    );
    await c.send(frame(hl7('MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|AFTER|P|2.5.1', 'PID|1||Z8^^^RXH^MR')));
    const acks = await c.waitFor(3);
    expect(acks.map((a) => [a.get('MSA-1'), a.get('MSA-2')])).toEqual([
      ['AR', undefined],
      ['AR', 'BIG-1'],
      ['AA', 'AFTER'],
    ]);
    expect(acks[0]!.get('ERR-8')).toMatch(/outside an MLLP frame/);
    expect(acks[1]!.get('ERR-8')).toMatch(/limit is 65536/);
    expect(events.some((e) => e.type === 'junk')).toBe(true);
    c.close();
  });

  it('hangs up on a client that sends nothing but junk', async () => {
    const c = await client(port);
    await c.send(Buffer.alloc(70 * 1024, 0x41));
    const until = Date.now() + 5000;
    while (!c.isClosed() && Date.now() < until) await sleep(10);
    expect(c.isClosed()).toBe(true);
    expect(c.acks).toHaveLength(1);
  });

  it('answers a client that shuts down its side after sending, and keeps a frame cut short', async () => {
    const c = await client(port);
    await c.send(frame(hl7('MSH|^~\\&|PAS|RXH|||20240301||ADT^A28|HALF-1|P|2.5.1', 'PID|1||Z7^^^RXH^MR')));
    c.socket.end(Buffer.from('\x0bMSH|^~\\&|PAS|RXH|||20240301||ADT^A28|CUT-1|P|2.5.1\rPID|1||Z6'));
    const acks = await c.waitFor(2);
    expect(acks.map((a) => [a.get('MSA-1'), a.get('MSA-2')])).toEqual([
      ['AA', 'HALF-1'],
      ['AR', 'CUT-1'],
    ]);
    expect(acks[1]!.get('ERR-8')).toMatch(/closed before the frame ended/);
  });

  it('keeps every message in the inbox, whatever its outcome', async () => {
    const counts = await countInbox(t.opened.driver);
    expect(counts.received).toBe(0);
    expect(counts.accepted).toBe(7);
    expect(counts.error).toBe(1);
    expect(counts.rejected).toBe(4);
  });

  it('never puts message contents in its events', () => {
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/EVERYMAN|NONAME|PATID|BAD-1/);
    expect(events.filter((e) => e.type === 'message').length).toBeGreaterThanOrEqual(9);
  });
});

describe('createMllpServer lifecycle', () => {
  it('closes idle connections and shuts down gracefully after answering what it received', async () => {
    const t = await openTestStore();
    const server = createMllpServer({ service: t.service, driver: t.opened.driver, idleTimeoutMs: 300 });
    const { port } = await server.listen(0);
    const idle = await client(port);
    const until = Date.now() + 5000;
    while (!idle.isClosed() && Date.now() < until) await sleep(20);
    expect(idle.isClosed()).toBe(true);

    const busy = await client(port);
    busy.socket.write(frame(fixture('adt-a01.hl7')));
    // Close while the message is being processed: it must still be answered before the socket ends.
    const seen = Date.now() + 5000;
    while (
      (await countInbox(t.opened.driver)).received + (await countInbox(t.opened.driver)).accepted ===
      0
    ) {
      if (Date.now() > seen) break;
      await sleep(2);
    }
    await server.close(5000);
    expect(busy.acks).toHaveLength(1);
    expect(parseHl7Message(busy.acks[0]!).get('MSA-1')).toBe('AA');
    expect(server.connections).toBe(0);
    await t.opened.store.close();
  });

  it('frames ACKs with <VT> … <FS><CR>', () => {
    const f = frameMessage('MSH|x');
    expect([...f.subarray(0, 1)]).toEqual([0x0b]);
    expect([...f.subarray(-2)]).toEqual([0x1c, 0x0d]);
  });
});
