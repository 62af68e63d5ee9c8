import { AUDIT_SUBTYPES } from '../audit/index.js';
import type { AuditLog, AuditQuery } from '../audit/index.js';
import { errors } from '../fhir/index.js';
import type { OperationDefinition } from '../rest/index.js';
import type { AuditAuthorize } from './access-log.js';
import { auditBundle, auditCount, onlyParams } from './audit-bundle.js';

const PARAMS = ['patient', 'agent', 'organization', 'subtype', '_since', '_before', '_count', '_cursor'];

/**
 * `GET [base]/$audit-search?patient=&agent=&organization=&subtype=&_since=&_before=`: the privacy
 * officer's view of the audit trail, any combination of filters, newest first, keyset paged.
 * `authorize` is asked with the patient when one is given, so a policy can allow narrower searches.
 */
export function createAuditSearchOperation(deps: {
  audit: AuditLog;
  authorize: AuditAuthorize;
}): OperationDefinition {
  return {
    name: 'audit-search',
    levels: ['system'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/audit-search',
    affectsState: false,
    async run(ctx, call) {
      const p = call.params;
      const patient = p.get('patient')?.replace(/^Patient\//, '') || undefined;
      await deps.authorize(ctx.principal, patient);
      onlyParams(p, PARAMS, '$audit-search');
      const query: AuditQuery = {};
      if (patient !== undefined) query.patient = patient;
      const agent = p.get('agent');
      if (agent) query.agent = agent;
      const organization = p.get('organization');
      if (organization) query.organization = organization;
      const subtype = p.get('subtype');
      if (subtype) {
        if (!AUDIT_SUBTYPES.has(subtype))
          throw errors.invalidParameter(`subtype: ${subtype.slice(0, 40)} is not an audited event subtype.`);
        query.subtype = subtype;
      }
      const since = p.get('_since');
      if (since) query.from = since;
      const before = p.get('_before');
      if (before) query.to = before;
      const cursor = p.get('_cursor') ?? undefined;
      const page = await deps.audit.search(query, { count: auditCount(p), cursor });
      return auditBundle(ctx.base, '$audit-search', p, page);
    },
  };
}
