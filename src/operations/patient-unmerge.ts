import type { FhirResource } from '../fhir/index.js';
import { errors, isObject } from '../fhir/index.js';
import { endLinks, linkHistory, recordNotLink } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import type { ResourceStore } from '../store/index.js';
import {
  actorOf,
  patientParam,
  readPatient,
  reasonParam,
  requiredPatientParam,
  requireLinkRole,
} from './patient-link-input.js';
import { linkPart } from './patient-link-parameters.js';
import type { MergeDetail } from './patient-merge.js';
import { localTarget } from './patient-records.js';

/**
 * The content a record gets back. When nobody changed it since the merge, exactly its pre-merge
 * version; otherwise its current content without what the merge added (the link to the other record,
 * and for the source the `active` it had), so later corrections are not lost.
 */
async function restored(
  store: ResourceStore,
  id: string,
  before: number,
  after: number,
  undo: (current: FhirResource) => FhirResource,
): Promise<{ resource: FhirResource & { id: string }; ifMatch: number; exact: boolean }> {
  const current = await readPatient(store, id);
  if (current.version.versionId === after) {
    const old = await store.vread('Patient', id, before);
    if (old?.content !== undefined && !old.deleted)
      return {
        resource: { ...(JSON.parse(old.content) as FhirResource), id },
        ifMatch: after,
        exact: true,
      };
  }
  return { resource: { ...undo(current.patient), id }, ifMatch: current.version.versionId, exact: false };
}

function withoutLink(patient: FhirResource, type: string, otherId: string, base: string): FhirResource {
  const links = Array.isArray(patient.link) ? patient.link.filter(isObject) : [];
  const kept = links.filter(
    (l) => !(l.type === type && isObject(l.other) && localTarget(l.other.reference, base)?.id === otherId),
  );
  const { link: _drop, ...rest } = patient;
  return kept.length > 0 ? { ...rest, link: kept } : rest;
}

/**
 * `Patient/$unmerge`: reverses a `$merge` of `source-patient` (into `target-patient`, when given):
 * both records get their pre-merge content back as new versions, the merge link is ended and the pair
 * recorded as different people (so the linker does not join them again), in one transaction. The history keeps the merge and its reversal.
 */
export function createPatientUnmerge(): OperationDefinition {
  return {
    name: 'unmerge',
    levels: ['type'],
    resourceTypes: ['Patient'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-unmerge',
    affectsState: true,
    async run(ctx, call) {
      requireLinkRole(ctx.principal);
      const sourceId = requiredPatientParam(call, 'source-patient', ctx.base);
      const targetParam = patientParam(call, 'target-patient', ctx.base);
      const reason = reasonParam(call);
      return ctx.store.transaction(async (store) => {
        const merge = (await store.withExecutor((exec) => linkHistory(exec, sourceId))).find(
          (l) =>
            l.kind === 'merge' &&
            l.state === 'active' &&
            l.patientId === sourceId &&
            (targetParam === undefined || l.otherId === targetParam),
        );
        if (!merge)
          throw errors.unprocessable(
            `Patient/${sourceId} is not merged${targetParam ? ` into Patient/${targetParam}` : ''}.`,
          );
        const targetId = merge.otherId;
        const d = merge.detail as unknown as MergeDetail;
        const source = await restored(store, sourceId, d.sourceBefore, d.sourceAfter, (p) => {
          const undone = withoutLink(p, 'replaced-by', targetId, ctx.base);
          const { active: _active, ...rest } = undone;
          return d.sourceActive === undefined ? rest : { ...rest, active: d.sourceActive };
        });
        const target = await restored(store, targetId, d.targetBefore, d.targetAfter, (p) =>
          withoutLink(p, 'replaces', sourceId, ctx.base),
        );
        const [s, t] = await store.write([
          { op: 'update', resource: source.resource, ifMatch: source.ifMatch },
          { op: 'update', resource: target.resource, ifMatch: target.ifMatch },
        ]);
        // Undoing a merge says the two records are different people: the linker must not join them again.
        const [ended] = await store.withExecutor(async (exec) => {
          await recordNotLink(exec, sourceId, targetId, actorOf(ctx.principal), reason);
          return endLinks(exec, [merge.linkId], actorOf(ctx.principal), reason);
        });
        const exact = source.exact && target.exact;
        const outcome = {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'information',
              code: 'informational',
              diagnostics: exact
                ? `The merge of Patient/${sourceId} into Patient/${targetId} was reversed; both records have their pre-merge content.`
                : `The merge of Patient/${sourceId} into Patient/${targetId} was reversed; a record changed since the merge keeps its later changes without the merge's links.`,
            },
          ],
        };
        return {
          status: 200,
          body: JSON.stringify({
            resourceType: 'Parameters',
            parameter: [
              { name: 'outcome', resource: outcome },
              { name: 'source', resource: JSON.parse(s!.content!) as unknown },
              { name: 'result', resource: JSON.parse(t!.content!) as unknown },
              ...(ended ? [linkPart(ended)] : []),
            ],
          }),
        };
      });
    },
  };
}
