import type { SqlExecutor } from '../../store/index.js';

export type InboxStatus = 'received' | 'accepted' | 'error' | 'rejected';

export interface InboxMessage {
  id: string;
  receivedAt: string;
  controlId: string | null;
  messageType: string | null;
  status: InboxStatus;
  reason: string | null;
  raw: string;
}

export interface InboxOutcome {
  status: Exclude<InboxStatus, 'received'>;
  reason?: string;
  controlId?: string;
  messageType?: string;
}

/** PostgreSQL text cannot hold NUL; binary junk is kept readable with U+2400 (␀) in its place. */
export function storable(raw: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must be replaced
  return raw.includes('\u0000') ? raw.replace(/\u0000/g, '\u2400') : raw;
}

/**
 * Records a message as it arrives, before anything is written from it; returns its inbox id. A message
 * refused without touching the record (unreadable, unsupported) is recorded with its outcome at once.
 */
export async function recordReceived(
  db: SqlExecutor,
  m: { id?: string; raw: string; controlId?: string; messageType?: string; outcome?: InboxOutcome },
): Promise<string> {
  const id = m.id ?? globalThis.crypto.randomUUID();
  await db.query(
    `INSERT INTO hl7v2_message (id, control_id, message_type, status, reason, raw) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      id,
      m.controlId ?? null,
      m.messageType ?? null,
      m.outcome?.status ?? 'received',
      m.outcome?.reason ?? null,
      storable(m.raw),
    ],
    'hl7v2_inbox_insert',
  );
  return id;
}

/** Gives a received message its outcome (before its ACK is sent). */
export async function recordOutcome(db: SqlExecutor, id: string, o: InboxOutcome): Promise<void> {
  await db.query(
    `UPDATE hl7v2_message SET status = $2, reason = $3,
       control_id = COALESCE($4, control_id), message_type = COALESCE($5, message_type)
     WHERE id = $1`,
    [id, o.status, o.reason ?? null, o.controlId ?? null, o.messageType ?? null],
    'hl7v2_inbox_outcome',
  );
}

interface Row {
  id: string;
  received_at: string;
  control_id: string | null;
  message_type: string | null;
  status: InboxStatus;
  reason: string | null;
  raw: string;
}

const COLUMNS = `id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS received_at,
  control_id, message_type, status, reason, raw`;

function toMessage(r: Row): InboxMessage {
  return {
    id: r.id,
    receivedAt: r.received_at,
    controlId: r.control_id,
    messageType: r.message_type,
    status: r.status,
    reason: r.reason,
    raw: r.raw,
  };
}

/** The newest messages first, optionally of one status. */
export async function listInbox(
  db: SqlExecutor,
  o: { status?: InboxStatus; limit?: number } = {},
): Promise<InboxMessage[]> {
  const limit = Math.min(Math.max(o.limit ?? 100, 1), 10_000);
  const r = o.status
    ? await db.query<Row>(
        `SELECT ${COLUMNS} FROM hl7v2_message WHERE status = $1 ORDER BY received_at DESC, id LIMIT $2`,
        [o.status, limit],
      )
    : await db.query<Row>(`SELECT ${COLUMNS} FROM hl7v2_message ORDER BY received_at DESC, id LIMIT $1`, [
        limit,
      ]);
  return r.rows.map(toMessage);
}

export async function getInboxMessage(db: SqlExecutor, id: string): Promise<InboxMessage | undefined> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM hl7v2_message WHERE id = $1`, [id]);
  return r.rows[0] ? toMessage(r.rows[0]) : undefined;
}

/** Messages per status (for a feed's health at a glance). */
export async function countInbox(db: SqlExecutor): Promise<Record<InboxStatus, number>> {
  const r = await db.query<{ status: InboxStatus; n: string }>(
    'SELECT status, count(*)::text AS n FROM hl7v2_message GROUP BY status',
  );
  const out: Record<InboxStatus, number> = { received: 0, accepted: 0, error: 0, rejected: 0 };
  for (const row of r.rows) out[row.status] = Number(row.n);
  return out;
}
