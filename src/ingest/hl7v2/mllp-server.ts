import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { AckCode } from './build-ack.js';
import { buildAck } from './build-ack.js';
import { DEFAULT_ENCODING } from './encoding-characters.js';
import { createMllpDecoder, CARRIAGE_RETURN, END_BLOCK, START_BLOCK } from './mllp-decoder.js';
import type { MllpDecoder } from './mllp-decoder.js';
import { createHl7v2Processor } from './process-message.js';
import type { Hl7v2Processor, Hl7v2ProcessorOptions, ProcessedMessage } from './process-message.js';

export interface MllpServerOptions extends Hl7v2ProcessorOptions {
  /** Largest message accepted, in bytes; a longer one is answered AR and discarded. Default 4 MiB. */
  maxMessageBytes?: number;
  /** A connection silent for this long is closed. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Connections accepted at once. Default 64. */
  maxConnections?: number;
  /** What happened, for logs and metrics: never message contents (they hold patient data). */
  onEvent?: (event: MllpServerEvent) => void;
}

export type MllpServerEvent =
  | { type: 'listening'; host: string; port: number }
  | { type: 'connection'; remote: string; connections: number }
  | { type: 'disconnect'; remote: string; messages: number }
  | { type: 'message'; remote: string; code: AckCode; messageType?: string; errorCode?: string; ms: number }
  | { type: 'junk'; remote: string; bytes: number }
  | { type: 'socket-error'; remote: string; code: string }
  | { type: 'server-error'; code: string };

export interface MllpServer {
  /** Starts listening (port 0 picks a free one); resolves with the bound address. */
  listen(port?: number, host?: string): Promise<{ host: string; port: number }>;
  /**
   * Stops accepting connections, lets each connection finish and acknowledge the message it is
   * processing, then closes them; connections still open after `graceMs` (default 10 s) are cut.
   */
  close(graceMs?: number): Promise<void>;
  readonly connections: number;
}

interface Connection {
  socket: Socket;
  remote: string;
  decoder: MllpDecoder;
  chain: Promise<void>;
  queued: number;
  messages: number;
  closing: boolean;
  closed: Promise<void>;
}

const PAUSE_AT = 32;
const RESUME_AT = 8;

/** Wraps an ACK in MLLP framing. */
export function frameMessage(text: string): Buffer {
  return Buffer.concat([
    Buffer.from([START_BLOCK]),
    Buffer.from(text, 'utf8'),
    Buffer.from([END_BLOCK, CARRIAGE_RETURN]),
  ]);
}

/**
 * An MLLP listener (HL7 v2 over TCP). Each connection may send any number of framed messages; each is
 * answered, in order, with its ACK once it has been stored and its outcome recorded. Junk outside
 * frames is answered AR once per run (the client probably forgot the framing) and a connection that
 * keeps sending junk is closed.
 */
export function createMllpServer(o: MllpServerOptions): MllpServer {
  const processor: Hl7v2Processor = createHl7v2Processor(o);
  const maxBytes = o.maxMessageBytes ?? 4 * 1024 * 1024;
  const idleMs = o.idleTimeoutMs ?? 10 * 60_000;
  const emit = (e: MllpServerEvent) => {
    try {
      o.onEvent?.(e);
    } catch {
      // A failing observer must not take a feed down.
    }
  };
  const open = new Set<Connection>();
  let stopping = false;

  // Half-open: a client may send its messages, shut down its side and still wait for the ACKs.
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    const c: Connection = {
      socket,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
      decoder: createMllpDecoder(maxBytes),
      chain: Promise.resolve(),
      queued: 0,
      messages: 0,
      closing: stopping,
      closed: new Promise((resolve) => socket.once('close', () => resolve())),
    };
    open.add(c);
    emit({ type: 'connection', remote: c.remote, connections: open.size });
    socket.setTimeout(idleMs);
    socket.on('data', (chunk: Buffer) => onData(c, chunk));
    socket.on('timeout', () => finish(c));
    socket.on('end', () => {
      const partial = c.decoder.unfinished();
      if (partial && !c.closing) {
        enqueue(c, () =>
          processor.reject(partial, 'The connection closed before the frame ended (<FS><CR>).'),
        );
      }
      finish(c);
    });
    socket.on('error', (e: NodeJS.ErrnoException) =>
      emit({ type: 'socket-error', remote: c.remote, code: e.code ?? 'ERROR' }),
    );
    socket.on('close', () => {
      open.delete(c);
      emit({ type: 'disconnect', remote: c.remote, messages: c.messages });
    });
    if (stopping) finish(c);
  });
  server.maxConnections = o.maxConnections ?? 64;
  // After listening, a server error (EMFILE, say) is reported, never thrown: the feed stays up.
  const onServerError = (e: NodeJS.ErrnoException) => emit({ type: 'server-error', code: e.code ?? 'ERROR' });

  function onData(c: Connection, chunk: Buffer): void {
    if (c.closing) return;
    for (const event of c.decoder.push(chunk)) {
      switch (event.kind) {
        case 'message':
          enqueue(c, () => processor.process(event.bytes));
          break;
        case 'oversized':
          enqueue(c, () =>
            processor.reject(
              event.head,
              `The message is ${event.bytes} bytes long; the limit is ${maxBytes}.`,
            ),
          );
          break;
        case 'unterminated':
          enqueue(c, () =>
            processor.reject(
              event.head,
              'The frame was not ended with <FS><CR> before the next frame began.',
            ),
          );
          break;
        case 'junk':
          emit({ type: 'junk', remote: c.remote, bytes: event.bytes });
          // One answer per run of junk since the last good frame; a client that never frames is cut off.
          if (c.decoder.junkBytes === event.bytes)
            enqueue(c, async () => junkAck(o.application ?? 'HEARTWOOD'));
          break;
      }
    }
    if (c.decoder.junkBytes > maxBytes) finish(c);
    if (c.queued >= PAUSE_AT) c.socket.pause();
  }

  function enqueue(c: Connection, task: () => Promise<ProcessedMessage | { ack: string }>): void {
    c.queued++;
    const started = performance.now();
    c.chain = c.chain
      .then(async () => {
        const result = await task();
        if (c.socket.writable) c.socket.write(frameMessage(result.ack));
        if ('code' in result) {
          c.messages++;
          emit({
            type: 'message',
            remote: c.remote,
            code: result.code,
            ...(result.messageType !== undefined && { messageType: result.messageType }),
            ...(result.errorCode !== undefined && { errorCode: result.errorCode }),
            ms: Math.round(performance.now() - started),
          });
        }
      })
      .catch(() => {
        // process() never throws; a write to a vanished socket is the only failure, and then there is
        // nobody left to answer.
      })
      .finally(() => {
        c.queued--;
        if (c.queued <= RESUME_AT && c.socket.isPaused()) c.socket.resume();
        if (c.closing && c.queued === 0) hangUp(c);
      });
  }

  /** Stops reading; the socket ends once the messages already received have been answered. */
  function finish(c: Connection): void {
    c.closing = true;
    if (c.queued === 0) hangUp(c);
  }

  /** Ends our side; a peer that never ends its own is cut off shortly after, so no socket lingers. */
  function hangUp(c: Connection): void {
    if (c.socket.writableEnded) return;
    c.socket.end();
    setTimeout(() => c.socket.destroy(), 5000).unref();
  }

  return {
    get connections() {
      return open.size;
    },
    listen(port = 2575, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          server.on('error', onServerError);
          const a = server.address() as AddressInfo;
          emit({ type: 'listening', host: a.address, port: a.port });
          resolve({ host: a.address, port: a.port });
        });
      });
    },
    async close(graceMs = 10_000) {
      stopping = true;
      const timer = setTimeout(() => {
        for (const c of open) c.socket.destroy();
      }, graceMs);
      timer.unref();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const connections = [...open];
      for (const c of connections) finish(c);
      await Promise.all([stopped, ...connections.map((c) => c.closed)]);
      clearTimeout(timer);
    },
  };
}

function junkAck(application: string): { ack: string } {
  return {
    ack: buildAck(
      { encoding: DEFAULT_ENCODING },
      {
        code: 'AR',
        errorCode: '100',
        reason: 'Data arrived outside an MLLP frame (<VT> message <FS><CR>) and was discarded.',
      },
      { application },
    ),
  };
}
