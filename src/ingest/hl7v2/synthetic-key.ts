import { createHash } from 'node:crypto';
import { HL7V2_BASE } from './systems.js';
import type { KeyIdentifier } from './transaction-builder.js';

/**
 * A stable identifier for a record that v2 gives no id of its own (an allergy, a diagnosis, one result
 * of an order): a hash of the values that make it the same record when a message is re-sent. Hashed so
 * that the key is fixed-length and carries no patient data of its own.
 */
export function syntheticKey(kind: string, parts: (string | undefined)[]): KeyIdentifier {
  const hash = createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u001f'))
    .digest('hex');
  return { system: `${HL7V2_BASE}/key/${kind}`, value: hash.slice(0, 40) };
}

/** A FHIR id from the same kind of hash (for the message's Provenance, which has no identifier). */
export function syntheticId(parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u001f'))
    .digest('hex')
    .slice(0, 64);
}
