import type { Principal } from '../auth/index.js';
import type { AuditLog } from '../audit/index.js';
import type { OperationDefinition } from '../rest/index.js';
import type { SqlExecutor } from '../store/index.js';
import { auditBundle, auditCount, onlyParams } from './audit-bundle.js';

/** Decides whether a principal may see audit records (of one patient, or across patients when undefined); throws a 403 FhirError when not. */
export type AuditAuthorize = (principal: Principal, patientId: string | undefined) => Promise<void>;

/**
 * `GET Patient/{id}/$access-log`: everyone and everything that touched this patient's record, newest
 * first, as AuditEvents (who, their role and organisation, why, and with what outcome). Heartwood's own
 * importers and jobs are included: the point of the page is that nothing is hidden. Who may ask is a
 * policy decision, taken by `authorize` before anything is read.
 */
export function createAccessLogOperation(deps: {
  audit: AuditLog;
  authorize: AuditAuthorize;
  /** The person's other records (master patient index), whose accesses belong in the same log. */
  linkedPatientIds?: (exec: SqlExecutor, patientId: string) => Promise<string[]>;
}): OperationDefinition {
  return {
    name: 'access-log',
    levels: ['instance'],
    resourceTypes: ['Patient'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-access-log',
    affectsState: false,
    async run(ctx, call) {
      const id = call.id!;
      await deps.authorize(ctx.principal, id);
      onlyParams(call.params, ['_count', '_cursor'], '$access-log');
      const cursor = call.params.get('_cursor') ?? undefined;
      const ids = deps.linkedPatientIds
        ? await ctx.elevated.withExecutor((exec) => deps.linkedPatientIds!(exec, id))
        : [id];
      const page = await deps.audit.accessesFor(ids.length > 0 ? ids : [id], {
        count: auditCount(call.params),
        cursor,
      });
      return auditBundle(ctx.base, `Patient/${id}/$access-log`, call.params, page);
    },
  };
}
