export type { AuditAction, AuditRecord, AuditSubtype } from './audit-record.js';
export { AUDIT_SUBTYPES } from './audit-record.js';
export type { AuditEventResource } from './audit-event.js';
export { HEARTWOOD_SUBTYPE_SYSTEM } from './audit-event.js';
export { createAuditLog } from './audit-log.js';
export type { AuditLog, AuditPage, AuditQuery } from './audit-log.js';
export { describeProblem } from './audit-verify.js';
export type { AuditProblem, AuditVerifyReport } from './audit-verify.js';
