/** MLLP framing bytes: <VT> message <FS><CR>. */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

export type MllpEvent =
  /** A complete frame's content (without the framing bytes). */
  | { kind: 'message'; bytes: Buffer }
  /** Bytes outside any frame that are not blank: reported once per run of junk. */
  | { kind: 'junk'; bytes: number; sample: Buffer }
  /** A frame longer than the limit: its content was discarded up to its end; `head` is its start. */
  | { kind: 'oversized'; bytes: number; head: Buffer }
  /** A start block inside a frame: the unterminated frame before it was dropped. */
  | { kind: 'unterminated'; bytes: number; head: Buffer };

export interface MllpDecoder {
  /** Feeds bytes as they arrive; frames may be split across chunks or share one. */
  push(chunk: Buffer): MllpEvent[];
  /** Bytes held for an unfinished frame (or junk) — what would be lost if the connection closed now. */
  readonly pending: number;
  /** Junk bytes received since the last good frame, so a caller can hang up on a stream of garbage. */
  readonly junkBytes: number;
  /** The start of a frame still open (when the connection ends mid-frame), or undefined. */
  unfinished(): Buffer | undefined;
}

const SAMPLE = 64;
const HEAD = 4096;

/**
 * Decodes the MLLP byte stream of one connection. Blank bytes between frames (CR, LF, space, tab) and
 * stray end-of-frame bytes are ignored; anything else outside a frame is junk, reported so the
 * connection can answer it (a client that forgot the framing is waiting for a reply) or hang up.
 */
export function createMllpDecoder(maxMessageBytes: number): MllpDecoder {
  let state: 'outside' | 'inside' | 'discarding' | 'after-end' = 'outside';
  let parts: Buffer[] = [];
  let size = 0;
  let discarded = 0;
  let head = Buffer.alloc(0);
  let junk: Buffer[] = [];
  let junkSize = 0;
  let junkSinceFrame = 0;

  const flushJunk = (events: MllpEvent[]) => {
    if (junkSize === 0) return;
    events.push({ kind: 'junk', bytes: junkSize, sample: Buffer.concat(junk).subarray(0, SAMPLE) });
    junk = [];
    junkSize = 0;
  };

  return {
    get pending() {
      return size + junkSize;
    },
    get junkBytes() {
      return junkSinceFrame;
    },
    unfinished() {
      if (state === 'inside' && size > 0) return Buffer.concat(parts, size).subarray(0, HEAD);
      return state === 'discarding' ? head : undefined;
    },
    push(chunk) {
      const events: MllpEvent[] = [];
      let i = 0;
      while (i < chunk.length) {
        if (state === 'after-end') {
          // The CR after <FS> is optional in practice; anything else starts over outside a frame.
          if (chunk[i] === CARRIAGE_RETURN) i++;
          state = 'outside';
          continue;
        }
        if (state === 'outside') {
          const b = chunk[i]!;
          if (b === START_BLOCK) {
            flushJunk(events);
            state = 'inside';
            parts = [];
            size = 0;
            i++;
          } else if (b === 0x0d || b === 0x0a || b === 0x20 || b === 0x09 || b === END_BLOCK) {
            i++;
          } else {
            // Collect the run of junk up to the next start block in this chunk.
            const next = chunk.indexOf(START_BLOCK, i);
            const end = next < 0 ? chunk.length : next;
            if (junkSize < SAMPLE) junk.push(chunk.subarray(i, Math.min(end, i + SAMPLE)));
            junkSize += end - i;
            junkSinceFrame += end - i;
            i = end;
          }
          continue;
        }
        const endAt = chunk.indexOf(END_BLOCK, i);
        const startAt = chunk.indexOf(START_BLOCK, i);
        const stop = endAt < 0 ? chunk.length : endAt;
        if (state === 'inside' && startAt >= 0 && startAt < stop) {
          // A new frame began before this one ended: the partial frame cannot be trusted.
          const partial = Buffer.concat([...parts, chunk.subarray(i, startAt)]);
          events.push({ kind: 'unterminated', bytes: partial.length, head: partial.subarray(0, HEAD) });
          parts = [];
          size = 0;
          i = startAt + 1;
          continue;
        }
        const piece = chunk.subarray(i, stop);
        if (state === 'inside') {
          if (size + piece.length > maxMessageBytes) {
            const all = Buffer.concat([...parts, piece]);
            head = Buffer.from(all.subarray(0, HEAD));
            discarded = all.length;
            parts = [];
            size = 0;
            state = 'discarding';
          } else {
            parts.push(piece);
            size += piece.length;
          }
        } else {
          discarded += piece.length;
        }
        if (endAt < 0) break;
        if (state === 'inside') {
          events.push({ kind: 'message', bytes: Buffer.concat(parts, size) });
          junkSinceFrame = 0;
        } else {
          events.push({ kind: 'oversized', bytes: discarded, head });
          head = Buffer.alloc(0);
          discarded = 0;
        }
        parts = [];
        size = 0;
        state = 'after-end';
        i = endAt + 1;
      }
      if (state === 'outside') flushJunk(events);
      return events;
    },
  };
}
