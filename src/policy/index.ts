export { createAccessGuard } from './access-guard.js';
export type { AccessGuard, AccessGuardDeps, Interaction } from './access-guard.js';
export { resolveAccess } from './resolve-access.js';
export type { ResolvedAccess } from './resolve-access.js';
export { REFERENCE_TYPES } from './reference-types.js';
export { mayCallOperation, mayWriteType } from './role-rules.js';
export { syncConsentDirectives, directiveOf } from './consent-directives.js';
export { authorizeAuditRead } from './audit-access.js';
