import { createHash } from 'node:crypto';

/** `prev_hash` of the first record: the chain starts from a known value, never from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns of one `audit_event` row that the chain protects (everything but the hashes). */
export interface ChainedColumns {
  seq: string;
  /** ISO instant in UTC with milliseconds, exactly as `toISOString` writes it. */
  recorded: string;
  subtype: string;
  action: string;
  outcome: string;
  agentSubject: string;
  agentPerson: string | null;
  agentOrg: string | null;
  patientIds: string[];
  purpose: string | null;
  content: string;
}

/**
 * `hash = sha256(prev_hash ‖ canonical row)`. The canonical form is a JSON array in a fixed column
 * order, so every column (the key and the indexed copies of the content included) is covered and no
 * two different rows can encode to the same bytes.
 */
export function chainHash(prevHash: string, row: ChainedColumns): string {
  const canonical = JSON.stringify([
    row.seq,
    row.recorded,
    row.subtype,
    row.action,
    row.outcome,
    row.agentSubject,
    row.agentPerson,
    row.agentOrg,
    row.patientIds,
    row.purpose,
    row.content,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
