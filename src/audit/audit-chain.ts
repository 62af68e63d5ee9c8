import { createHash } from 'node:crypto';

/** `prev_hash` of the first record of every chain: a chain starts from a known value, never from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** Chains that write transactions append to, each taken by one transaction at a time. */
export const WRITE_CHAINS: readonly number[] = [1, 2, 3, 4];
/** Chains that group-committed records (reads and other interactions that write nothing else) go on. */
export const RECORD_CHAINS: readonly number[] = [5, 6, 7, 8];

/** The columns of one `audit_event` row that the chain protects (everything but the id and the hashes). */
export interface ChainedColumns {
  chain: number;
  /** Place in its chain, from 1, without gaps. */
  pos: string;
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
 * order, so every column (the place and the indexed copies of the content included) is covered and
 * no two different rows can encode to the same bytes. Chain 1 leaves its number out: its records
 * were hashed that way before there were several chains, and still verify.
 */
export function chainHash(prevHash: string, row: ChainedColumns): string {
  return hashAfter(prevHash, canonicalOf(row));
}

/** The canonical form `chainHash` hashes: a JSON array of the columns in a fixed order. */
export function canonicalOf(row: ChainedColumns): string {
  const columns: unknown[] = [
    row.pos,
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
  ];
  if (row.chain !== 1) columns.push(row.chain);
  return JSON.stringify(columns);
}

/** The hash of a record whose canonical form is `canonical`, chained after `prevHash`. */
export function hashAfter(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** `chain:pos`, how a record's place is written in anchors and reports. */
export function placeOf(chain: number, pos: string | bigint): string {
  return `${chain}:${pos}`;
}
