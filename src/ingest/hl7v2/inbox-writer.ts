import type { SqlExecutor } from '../../store/index.js';
import type { InboxOutcome } from './hl7v2-inbox.js';
import { recordOutcome, recordReceived, storable } from './hl7v2-inbox.js';

/** What the processor writes to the inbox; each promise resolves once the row is committed. */
export interface InboxWriter {
  /** Keeps a message as it arrived (with its outcome when refused at once); resolves with its id. */
  received(m: {
    raw: string;
    controlId?: string;
    messageType?: string;
    outcome?: InboxOutcome;
  }): Promise<string>;
  /** Gives a kept message its outcome. */
  outcome(id: string, o: InboxOutcome): Promise<void>;
}

/** Rows in one statement at most: a feed's burst is split rather than sent as one huge parameter. */
const MOST_ROWS = 256;

interface Pending {
  insert?: {
    id: string;
    control_id: string | null;
    message_type: string | null;
    status: string;
    reason: string | null;
    raw: string;
  };
  update?: {
    id: string;
    status: string;
    reason: string | null;
    control_id: string | null;
    message_type: string | null;
  };
  done: (error?: unknown) => void;
}

/*
 * Every row goes to PostgreSQL as one JSON parameter: JSON.stringify escapes natively, where pg's
 * array literals escape a character at a time. An outcome is only ever asked for after its message's
 * row has committed, so the UPDATE never needs to see a row the INSERT beside it adds (it could not:
 * both run on the statement's one snapshot). `clock_timestamp()` gives each row its own arrival time,
 * in the order the messages arrived.
 */
const WRITE = `WITH added AS (
  INSERT INTO hl7v2_message (id, received_at, control_id, message_type, status, reason, raw)
  SELECT n.id, clock_timestamp(), n.control_id, n.message_type, n.status, n.reason, n.raw
  FROM json_to_recordset($1::json) AS n(id text, control_id text, message_type text, status text, reason text, raw text)
), settled AS (
  UPDATE hl7v2_message m SET status = u.status, reason = u.reason,
    control_id = COALESCE(u.control_id, m.control_id), message_type = COALESCE(u.message_type, m.message_type)
  FROM json_to_recordset($2::json) AS u(id text, status text, reason text, control_id text, message_type text)
  WHERE m.id = u.id
)
SELECT 1`;

/**
 * Inbox writes from messages in flight at the same time, committed together: while one statement is
 * on its way, the writes asked for meanwhile wait and then go as the next one, so a busy feed pays
 * one round trip and one commit for many rows and a quiet one waits for nobody. Each caller's promise
 * resolves only after the statement holding its row has committed. If a shared statement fails, its
 * rows are written again one by one, in order, so one row the database refuses fails only its own
 * message.
 */
export function createInboxWriter(db: SqlExecutor): InboxWriter {
  let queue: Pending[] = [];
  let busy = false;

  function enqueue(p: Omit<Pending, 'done'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ ...p, done: (e) => (e === undefined ? resolve() : reject(e as Error)) });
      if (!busy) void drain();
    });
  }

  async function drain(): Promise<void> {
    busy = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, MOST_ROWS);
      queue = queue.slice(batch.length);
      await write(batch);
    }
    busy = false;
  }

  async function write(batch: Pending[]): Promise<void> {
    try {
      await db.query(
        WRITE,
        [
          JSON.stringify(batch.flatMap((p) => (p.insert ? [p.insert] : []))),
          JSON.stringify(batch.flatMap((p) => (p.update ? [p.update] : []))),
        ],
        'hl7v2_inbox_write',
      );
    } catch {
      // In order: two outcomes of one message must land as they were asked for.
      for (const p of batch) await alone(p);
      return;
    }
    for (const p of batch) p.done();
  }

  async function alone(p: Pending): Promise<void> {
    try {
      if (p.insert) {
        const i = p.insert;
        await recordReceived(db, {
          id: i.id,
          raw: i.raw,
          ...(i.control_id !== null && { controlId: i.control_id }),
          ...(i.message_type !== null && { messageType: i.message_type }),
          ...(i.status !== 'received' && {
            outcome: {
              status: i.status as InboxOutcome['status'],
              ...(i.reason !== null && { reason: i.reason }),
            },
          }),
        });
      } else if (p.update) {
        const u = p.update;
        await recordOutcome(db, u.id, {
          status: u.status as InboxOutcome['status'],
          ...(u.reason !== null && { reason: u.reason }),
          ...(u.control_id !== null && { controlId: u.control_id }),
          ...(u.message_type !== null && { messageType: u.message_type }),
        });
      }
      p.done();
    } catch (e) {
      p.done(e);
    }
  }

  return {
    async received(m) {
      const id = globalThis.crypto.randomUUID();
      await enqueue({
        insert: {
          id,
          control_id: m.controlId ?? null,
          message_type: m.messageType ?? null,
          status: m.outcome?.status ?? 'received',
          reason: m.outcome?.reason ?? null,
          raw: storable(m.raw),
        },
      });
      return id;
    },
    outcome: (id, o) =>
      enqueue({
        update: {
          id,
          status: o.status,
          reason: o.reason ?? null,
          control_id: o.controlId ?? null,
          message_type: o.messageType ?? null,
        },
      }),
  };
}
