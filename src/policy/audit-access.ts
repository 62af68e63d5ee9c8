import type { Principal } from '../auth/index.js';
import { errors } from '../fhir/index.js';

/**
 * Who may read the audit trail. A patient or their proxy reads the accesses to their own record (the
 * guard has already checked the record named in the URL is theirs); privacy officers read everyone's;
 * nobody else reads it through the API.
 */
export async function authorizeAuditRead(principal: Principal, patientId: string | undefined): Promise<void> {
  if (principal.role === 'privacy-officer' || principal.role === 'system') return;
  if ((principal.role === 'patient' || principal.role === 'proxy') && patientId !== undefined) return;
  throw errors.forbidden(
    'Only privacy officers, and patients for their own record, can read the audit trail.',
  );
}
