import type { Principal } from '../auth/index.js';

/** FHIR AuditEvent.action: create, read, update, delete, execute. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** BALP / FHIR restful-interaction or Heartwood event subtype */
export type AuditSubtype =
  | 'read'
  | 'vread'
  | 'search-type'
  | 'search-system'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'transaction'
  | 'batch'
  | 'operation'
  | 'capabilities'
  | 'export'
  | 'login'
  | 'logout'
  | 'break-glass'
  | 'access-denied'
  | 'consent-change'
  | 'merge'
  | 'unmerge';

/** What the caller knows about one audited interaction; the log turns it into an AuditEvent. */
export interface AuditRecord {
  action: AuditAction;
  subtype: AuditSubtype;
  /** FHIR AuditEvent.outcome: '0' success, '4' minor failure (e.g. 4xx), '8' serious, '12' major */
  outcome: '0' | '4' | '8' | '12';
  outcomeDescription?: string;
  /** ISO instant; defaults to now */
  recorded?: string;
  principal: Principal;
  /** e.g. 'Patient/123' ids (no prefix) of every patient whose record was touched — drives "who accessed my record" */
  patients: string[];
  /** references of what was returned or written: 'Observation/abc/_history/2' or 'Observation/abc' */
  entities: string[];
  /**
   * For each of `entities`, the patient whose record it is in (undefined: no one's), so that one
   * person's access log can show what of theirs was touched and nothing of anyone else's.
   */
  entityPatients?: (string | undefined)[];
  /** The request as the server understood it, e.g. 'GET Observation?code=...'. Stored in the chain but never logged. */
  query?: string;
  /** PurposeOfUse code (v3 ActReason: TREAT, ETREAT (break glass), HPAYMT..., PATRQT patient request, HRESCH research, HOPERAT operations) */
  purposeOfUse?: string;
  /** Break-glass reason text, or the reason for a denial */
  reason?: string;
  /** Operation name for subtype 'operation' ('$everything'), export job id, etc. */
  detail?: string;
}

export const AUDIT_SUBTYPES: ReadonlySet<string> = new Set<AuditSubtype>([
  'read',
  'vread',
  'search-type',
  'search-system',
  'history-instance',
  'history-type',
  'history-system',
  'create',
  'update',
  'patch',
  'delete',
  'transaction',
  'batch',
  'operation',
  'capabilities',
  'export',
  'login',
  'logout',
  'break-glass',
  'access-denied',
  'consent-change',
  'merge',
  'unmerge',
]);
