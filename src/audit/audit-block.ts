import type { PreparedAudit, StoredAuditRow } from './audit-event.js';

/**
 * A block: consecutive records of one chain stored in one `audit_block` row (migration 014). Each
 * record keeps its own place and hash in the chain, so verification names records exactly as it does
 * for records stored a row each; the block only saves the per-row and per-index-entry costs.
 */
export interface StoredBlock {
  seq: string;
  /** JSON array: per record, its canonical hashed form (`canonicalOf`) with the hash before it and its own appended. */
  records: string;
}

/** One record read back out of a block, in the shape of a stored row. Its id is `seq-i`. */
export type BlockRecordRow = StoredAuditRow & { pos: string; prev_hash: string; hash: string };

/**
 * A record as a block stores it: its canonical form (a JSON array) with the previous record's hash and
 * its own as the last two items. Each record keeping the hash it was chained after lets verification
 * tell a changed record from one moved, or from the record before it rewritten with a new hash, as it
 * does for rows.
 */
export function blockElement(canonical: string, prevHash: string, hash: string): string {
  return `${canonical.slice(0, -1)},"${prevHash}","${hash}"]`;
}

/** The id of the `index`-th record (from 0) of block `seq`. */
export function blockRecordId(seq: string, index: number): string {
  return `${seq}-${index}`;
}

/**
 * The keys a block is found by: its patients (`p:`), agents (`a:`: subject or person acting),
 * organisations (`o:`) and subtypes (`s:`, so that a search for rare events such as denials does not
 * open every block).
 */
export function blockKeys(prepared: readonly PreparedAudit[]): string[] {
  const keys = new Set<string>();
  for (const p of prepared) {
    keys.add(`s:${p.subtype}`);
    for (const id of p.patientIds) keys.add(`p:${id}`);
    keys.add(`a:${p.agentSubject}`);
    if (p.agentPerson !== null) keys.add(`a:${p.agentPerson}`);
    if (p.agentOrg !== null) keys.add(`o:${p.agentOrg}`);
  }
  return [...keys];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/**
 * A block's records as rows, in the order of their places. A record's place is the one it was hashed
 * at (its first item), as a row's is its `pos`: where it sits in the array is storage only. `keep`
 * picks records before any row is made (a search opens many blocks for a few records each); the ids
 * still number every record. Undefined when the text is not a block's (it was changed by hand): none
 * of its records can be trusted or shown.
 */
export function recordsOfBlock(
  block: StoredBlock,
  keep?: (row: BlockRecordRow) => boolean,
): BlockRecordRow[] | undefined {
  let elements: unknown;
  try {
    elements = JSON.parse(block.records);
  } catch {
    return undefined;
  }
  if (!Array.isArray(elements) || elements.length === 0) return undefined;
  const places: string[] = [];
  for (const e of elements as unknown[]) {
    if (!Array.isArray(e) || !isString(e[0]) || !/^[0-9]{1,19}$/.test(e[0])) return undefined;
    places.push(e[0]);
  }
  const order = placeOrder(places);
  const rows: BlockRecordRow[] = [];
  for (let i = 0; i < order.length; i++) {
    const row = recordOf(elements[order[i]!] as unknown[], blockRecordId(block.seq, i));
    if (!row) return undefined;
    if (!keep || keep(row)) rows.push(row);
  }
  return rows;
}

/** Indexes of `places` in ascending place order (digit strings without leading zeros compare by length, then text). */
function placeOrder(places: string[]): number[] {
  const before = (a: string, b: string) => a.length < b.length || (a.length === b.length && a < b);
  const order = places.map((_, i) => i);
  if (places.every((p, i) => i === 0 || before(places[i - 1]!, p))) return order;
  return order.sort((x, y) => (before(places[x]!, places[y]!) ? -1 : before(places[y]!, places[x]!) ? 1 : 0));
}

function recordOf(e: unknown[], id: string): BlockRecordRow | undefined {
  if (e.length !== 13 && e.length !== 14) return undefined;
  const [
    pos,
    recorded,
    subtype,
    action,
    outcome,
    agentSubject,
    agentPerson,
    agentOrg,
    patientIds,
    purpose,
    content,
  ] = e;
  const prev: unknown = e[e.length - 2];
  const hash: unknown = e[e.length - 1];
  if (
    !isString(pos) ||
    !isString(recorded) ||
    !isString(subtype) ||
    !isString(action) ||
    !isString(outcome) ||
    !isString(agentSubject) ||
    !isStringOrNull(agentPerson) ||
    !isStringOrNull(agentOrg) ||
    !Array.isArray(patientIds) ||
    !patientIds.every(isString) ||
    !isStringOrNull(purpose) ||
    !isString(content) ||
    !isString(prev) ||
    !isString(hash)
  )
    return undefined;
  return {
    seq: id,
    pos,
    recorded,
    subtype,
    action,
    outcome,
    agent_subject: agentSubject,
    agent_person: agentPerson,
    agent_org: agentOrg,
    patient_ids: patientIds,
    purpose,
    content,
    prev_hash: prev,
    hash,
  };
}
