import type { Role } from '../auth/index.js';
import { REFERENCE_TYPES } from './reference-types.js';

/** Staff who care for patients: their access follows care relationships and break-glass grants. */
export const CARE_ROLES: ReadonlySet<Role> = new Set(['gp', 'clinician']);

/** Types each role may create, update or delete (within the records it may see). `*`: any type. */
const WRITABLE: Record<Role, readonly string[]> = {
  system: ['*'],
  source: ['*'],
  gp: ['*'],
  clinician: ['*'],
  patient: ['Consent', 'Task', 'Communication', 'QuestionnaireResponse'],
  proxy: ['Task', 'Communication'],
  admin: REFERENCE_TYPES,
  'privacy-officer': [],
  analyst: [],
};

/** Records nobody writes through the API: the audit trail is Heartwood's own. */
const NEVER_WRITTEN = new Set(['AuditEvent']);

export function mayWriteType(role: Role, type: string): boolean {
  if (NEVER_WRITTEN.has(type) && role !== 'system') return false;
  const allowed = WRITABLE[role];
  return allowed.includes('*') || allowed.includes(type);
}

/**
 * Who may call each operation. Operations over a patient's record (`$everything`, `$summary`, …)
 * are open to every role because the store they read through already limits what comes back; the
 * others act on many records or on Heartwood itself. An operation not listed is Heartwood's only.
 */
const OPERATIONS: Record<string, readonly Role[]> = {
  everything: ['patient', 'proxy', 'gp', 'clinician', 'system'],
  summary: ['patient', 'proxy', 'gp', 'clinician', 'system'],
  match: ['gp', 'clinician', 'source', 'admin', 'system'],
  export: ['analyst', 'system'],
  'export-status': ['analyst', 'system'],
  'export-file': ['analyst', 'system'],
  run: ['analyst', 'system'],
  'viewdefinition-run': ['analyst', 'system'],
  materialize: ['analyst', 'admin', 'system'],
  materialise: ['analyst', 'admin', 'system'],
  link: ['admin', 'system'],
  unlink: ['admin', 'system'],
  links: ['gp', 'clinician', 'admin', 'system'],
  merge: ['admin', 'source', 'system'],
  unmerge: ['admin', 'system'],
  'resolve-link-review': ['admin', 'system'],
  book: ['patient', 'proxy', 'gp', 'clinician', 'admin', 'system'],
  cancel: ['patient', 'proxy', 'gp', 'clinician', 'admin', 'system'],
  'break-glass': ['gp', 'clinician'],
  find: ['gp', 'clinician'],
  'access-log': ['patient', 'proxy', 'privacy-officer', 'system'],
  'audit-search': ['privacy-officer', 'system'],
  'privacy-queue': ['privacy-officer', 'system'],
  'privacy-review': ['privacy-officer', 'system'],
};

export function mayCallOperation(role: Role, name: string): boolean {
  return role === 'system' || (OPERATIONS[name]?.includes(role) ?? false);
}

/** The PurposeOfUse (v3 ActReason) recorded for a role's accesses. */
export function purposeOf(role: Role): string {
  switch (role) {
    case 'gp':
    case 'clinician':
    case 'source':
      return 'TREAT';
    case 'patient':
    case 'proxy':
      return 'PATRQT';
    case 'analyst':
      return 'HRESCH';
    default:
      return 'HOPERAT';
  }
}
