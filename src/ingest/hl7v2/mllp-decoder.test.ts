import { describe, expect, it } from 'vitest';
import { createMllpDecoder } from './mllp-decoder.js';

const VT = '\x0b';
const END = '\x1c\r';
const frame = (s: string) => `${VT}${s}${END}`;

function feed(chunks: (string | Buffer)[], max = 1000) {
  const d = createMllpDecoder(max);
  const events = chunks.flatMap((c) => d.push(Buffer.isBuffer(c) ? c : Buffer.from(c, 'latin1')));
  return { d, events };
}

const messages = (events: ReturnType<typeof feed>['events']) =>
  events.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.bytes.toString() : ''));

describe('createMllpDecoder', () => {
  it('reads several frames from one chunk', () => {
    const { events } = feed([frame('MSH|1') + frame('MSH|2') + '\r\n' + frame('MSH|3')]);
    expect(messages(events)).toEqual(['MSH|1', 'MSH|2', 'MSH|3']);
  });

  it('reassembles frames split across chunks, even byte by byte', () => {
    const stream = frame('MSH|^~\\&|A\rPID|1') + frame('MSH|2');
    const { events, d } = feed([...stream].map((c) => Buffer.from(c, 'latin1')));
    expect(messages(events)).toEqual(['MSH|^~\\&|A\rPID|1', 'MSH|2']);
    expect(d.pending).toBe(0);
  });

  it('accepts a frame ended by <FS> without the final <CR>', () => {
    expect(messages(feed([`${VT}MSH|1\x1c${VT}MSH|2\x1c`]).events)).toEqual(['MSH|1', 'MSH|2']);
  });

  it('reports junk outside frames once per run, and still reads the frames around it', () => {
    const { events, d } = feed(['GET / HTTP/1.1\r\n' + frame('MSH|1') + 'xx' + frame('MSH|2')]);
    expect(events.map((e) => e.kind)).toEqual(['junk', 'message', 'junk', 'message']);
    expect(events[0]).toMatchObject({ kind: 'junk', bytes: 16 });
    expect(d.junkBytes).toBe(0);
  });

  it('counts junk until a good frame arrives', () => {
    const { d } = feed(['abc', 'def']);
    expect(d.junkBytes).toBe(6);
  });

  it('discards an oversized frame up to its end and reports its size', () => {
    const { events } = feed([`${VT}MSH|${'x'.repeat(50)}`, `${'y'.repeat(60)}${END}`, frame('MSH|ok')], 100);
    expect(events.map((e) => e.kind)).toEqual(['oversized', 'message']);
    expect(events[0]).toMatchObject({ kind: 'oversized', bytes: 114 });
    expect(messages(events)).toEqual(['MSH|ok']);
  });

  it('drops an unterminated frame when a new one starts', () => {
    const { events } = feed([`${VT}MSH|cut off${VT}MSH|2${END}`]);
    expect(events.map((e) => e.kind)).toEqual(['unterminated', 'message']);
    expect(events[0]).toMatchObject({ bytes: 11 });
  });
});
