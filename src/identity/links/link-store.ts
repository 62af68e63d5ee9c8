import type { SqlExecutor } from '../../store/index.js';

export type LinkKind = 'auto' | 'manual' | 'merge';
export type LinkState = 'active' | 'ended';

/** One link between two Patient records of the same person, as kept in `patient_link`. */
export interface PatientLink {
  linkId: string;
  patientId: string;
  otherId: string;
  kind: LinkKind;
  /** The linkage weight for automatic links; absent for links a person made. */
  score?: number;
  state: LinkState;
  createdAt: string;
  createdBy: string;
  reason?: string;
  endedAt?: string;
  endedBy?: string;
  endReason?: string;
  /** What the action that made the link needs to undo it (a merge: the versions it replaced). */
  detail?: Record<string, unknown>;
}

interface LinkRow {
  link_id: string;
  patient_id: string;
  other_id: string;
  kind: LinkKind;
  score: number | null;
  state: LinkState;
  created_at: Date | string;
  created_by: string;
  reason: string | null;
  ended_at: Date | string | null;
  ended_by: string | null;
  end_reason: string | null;
  detail: string | null;
}

const COLUMNS = `link_id::text AS link_id, patient_id, other_id, kind, score, state, created_at, created_by,
  reason, ended_at, ended_by, end_reason, detail`;

const iso = (v: Date | string) => new Date(v).toISOString();

function fromRow(r: LinkRow): PatientLink {
  return {
    linkId: r.link_id,
    patientId: r.patient_id,
    otherId: r.other_id,
    kind: r.kind,
    ...(r.score === null ? {} : { score: Number(r.score) }),
    state: r.state,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    ...(r.reason === null ? {} : { reason: r.reason }),
    ...(r.ended_at === null ? {} : { endedAt: iso(r.ended_at) }),
    ...(r.ended_by === null ? {} : { endedBy: r.ended_by }),
    ...(r.end_reason === null ? {} : { endReason: r.end_reason }),
    ...(r.detail === null ? {} : { detail: JSON.parse(r.detail) as Record<string, unknown> }),
  };
}

/** The pair in a fixed order, for tables keyed on an unordered pair. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** Every link touching the record, active and ended, oldest first (links read both ways). */
export async function linkHistory(exec: SqlExecutor, patientId: string): Promise<PatientLink[]> {
  const r = await exec.query<LinkRow>(
    `SELECT ${COLUMNS} FROM patient_link WHERE patient_id = $1 OR other_id = $1 ORDER BY link_id`,
    [patientId],
  );
  return r.rows.map(fromRow);
}

/** The active links between two records (of any kind), oldest first. */
export async function activeLinksBetween(exec: SqlExecutor, a: string, b: string): Promise<PatientLink[]> {
  const r = await exec.query<LinkRow>(
    `SELECT ${COLUMNS} FROM patient_link
     WHERE state = 'active' AND ((patient_id = $1 AND other_id = $2) OR (patient_id = $2 AND other_id = $1))
     ORDER BY link_id`,
    [a, b],
  );
  return r.rows.map(fromRow);
}

export interface NewLink {
  patientId: string;
  otherId: string;
  kind: LinkKind;
  score?: number;
  createdBy: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

/**
 * Records an active link, or returns the active link of that kind the pair already has (linking twice
 * is not an error and makes no second row).
 */
export async function createLink(
  exec: SqlExecutor,
  link: NewLink,
): Promise<{ link: PatientLink; created: boolean }> {
  const inserted = await exec.query<LinkRow>(
    `INSERT INTO patient_link (patient_id, other_id, kind, score, state, created_at, created_by, reason, detail)
     VALUES ($1, $2, $3, $4, 'active', now(), $5, $6, $7)
     ON CONFLICT (LEAST(patient_id, other_id), GREATEST(patient_id, other_id), kind) WHERE state = 'active'
     DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      link.patientId,
      link.otherId,
      link.kind,
      link.score ?? null,
      link.createdBy,
      link.reason ?? null,
      link.detail === undefined ? null : JSON.stringify(link.detail),
    ],
  );
  const row = inserted.rows[0];
  if (row) return { link: fromRow(row), created: true };
  const existing = (await activeLinksBetween(exec, link.patientId, link.otherId)).find(
    (l) => l.kind === link.kind,
  );
  if (!existing) throw new Error('patient link conflict without an active link');
  return { link: existing, created: false };
}

/** Ends the given active links (never deletes them); returns the links as ended. */
export async function endLinks(
  exec: SqlExecutor,
  linkIds: string[],
  endedBy: string,
  reason: string | undefined,
): Promise<PatientLink[]> {
  if (linkIds.length === 0) return [];
  const r = await exec.query<LinkRow>(
    `UPDATE patient_link SET state = 'ended', ended_at = now(), ended_by = $2, end_reason = $3
     WHERE link_id = ANY($1::bigint[]) AND state = 'active'
     RETURNING ${COLUMNS}`,
    [linkIds, endedBy, reason ?? null],
  );
  return r.rows.map(fromRow);
}

/** Records that a person decided the two records are different people. */
export async function recordNotLink(
  exec: SqlExecutor,
  a: string,
  b: string,
  createdBy: string,
  reason: string | undefined,
): Promise<void> {
  const [low, high] = orderedPair(a, b);
  await exec.query(
    `INSERT INTO patient_not_link (low_id, high_id, created_at, created_by, reason)
     VALUES ($1, $2, now(), $3, $4) ON CONFLICT (low_id, high_id) DO NOTHING`,
    [low, high, createdBy, reason ?? null],
  );
}

/** Whether a person decided these two records are different people. */
export async function isNotLink(exec: SqlExecutor, a: string, b: string): Promise<boolean> {
  const [low, high] = orderedPair(a, b);
  const r = await exec.query('SELECT 1 FROM patient_not_link WHERE low_id = $1 AND high_id = $2', [
    low,
    high,
  ]);
  return r.rows.length > 0;
}
