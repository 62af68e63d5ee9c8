import type { FhirResource } from '../fhir/index.js';
import { errors, isObject } from '../fhir/index.js';
import { activeLinksBetween, conflictingNhsNumbers, createLink } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import {
  actorOf,
  readPatient,
  reasonParam,
  requiredPatientParam,
  requireLinkRole,
} from './patient-link-input.js';
import { linkPart } from './patient-link-parameters.js';
import { localTarget } from './patient-records.js';

/** What a merge changed, kept with its link so `$unmerge` can put it back exactly. */
export interface MergeDetail {
  sourceBefore: number;
  targetBefore: number;
  sourceAfter: number;
  targetAfter: number;
  /** `Patient.active` of the source before the merge (absent: it had none). */
  sourceActive?: boolean;
}

interface PatientLinkElement {
  other?: { reference?: string };
  type?: string;
}

const linksOf = (p: FhirResource): PatientLinkElement[] =>
  Array.isArray(p.link) ? (p.link.filter(isObject) as PatientLinkElement[]) : [];

/** The record a merged-away Patient was replaced by, if any. */
export function replacedByOf(patient: FhirResource, base: string): string | undefined {
  const l = linksOf(patient).find((x) => x.type === 'replaced-by');
  const target = localTarget(l?.other?.reference, base);
  return target?.type === 'Patient' ? target.id : undefined;
}

/**
 * `Patient/$merge` (the R5 operation, adapted to R4): `source-patient` is a duplicate of
 * `target-patient`. Nothing is moved or deleted — clinical data stays on the record it was written
 * to and `$everything` follows the merge — so the source becomes `active: false` with
 * `link: replaced-by` the target, the target gets `link: replaces` the source, and a `merge` link with
 * the versions it replaced is recorded, all in one transaction. Refused for records with different
 * NHS numbers, for a source already merged, and for a target that was itself merged away.
 */
export function createPatientMerge(): OperationDefinition {
  return {
    name: 'merge',
    levels: ['type'],
    resourceTypes: ['Patient'],
    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-merge',
    affectsState: true,
    async run(ctx, call) {
      requireLinkRole(ctx.principal);
      const sourceId = requiredPatientParam(call, 'source-patient', ctx.base);
      const targetId = requiredPatientParam(call, 'target-patient', ctx.base);
      if (sourceId === targetId)
        throw errors.invalidParameter('source-patient and target-patient are the same.');
      if (call.params.get('preview') === 'true')
        throw errors.notSupported('preview is not supported: $merge changes the records when called.');
      const reason = reasonParam(call);
      return ctx.store.transaction(async (store) => {
        const source = await readPatient(store, sourceId);
        const target = await readPatient(store, targetId);
        if (conflictingNhsNumbers(source.patient, target.patient))
          throw errors.unprocessable(
            'The two records carry different NHS numbers: resolve the NHS number with PDS before merging them.',
          );
        const already = replacedByOf(source.patient, ctx.base);
        if (already !== undefined)
          throw errors.unprocessable(`Patient/${sourceId} was already merged into Patient/${already}.`);
        const targetReplacedBy = replacedByOf(target.patient, ctx.base);
        if (targetReplacedBy !== undefined)
          throw errors.unprocessable(
            `Patient/${targetId} was itself merged into Patient/${targetReplacedBy}: merge into that record.`,
          );

        const merged: FhirResource & { id: string } = {
          ...source.patient,
          id: sourceId,
          active: false,
          link: [
            ...linksOf(source.patient),
            { other: { reference: `Patient/${targetId}` }, type: 'replaced-by' },
          ],
        };
        const survivor: FhirResource & { id: string } = {
          ...target.patient,
          id: targetId,
          link: [
            ...linksOf(target.patient),
            { other: { reference: `Patient/${sourceId}` }, type: 'replaces' },
          ],
        };
        const [s, t] = await store.write([
          { op: 'update', resource: merged, ifMatch: source.version.versionId },
          { op: 'update', resource: survivor, ifMatch: target.version.versionId },
        ]);
        const detail: MergeDetail = {
          sourceBefore: source.version.versionId,
          targetBefore: target.version.versionId,
          sourceAfter: s!.versionId,
          targetAfter: t!.versionId,
          ...(typeof source.patient.active === 'boolean' ? { sourceActive: source.patient.active } : {}),
        };
        const link = await store.withExecutor(async (exec) => {
          if ((await activeLinksBetween(exec, sourceId, targetId)).some((l) => l.kind === 'merge'))
            throw errors.unprocessable(`Patient/${sourceId} and Patient/${targetId} are already merged.`);
          return createLink(exec, {
            patientId: sourceId,
            otherId: targetId,
            kind: 'merge',
            createdBy: actorOf(ctx.principal),
            reason,
            detail: { ...detail },
          });
        });
        const outcome = {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'information',
              code: 'informational',
              diagnostics: `Patient/${sourceId} was merged into Patient/${targetId}; $unmerge reverses it.`,
            },
          ],
        };
        return {
          status: 200,
          body: JSON.stringify({
            resourceType: 'Parameters',
            parameter: [
              { name: 'outcome', resource: outcome },
              { name: 'result', resource: JSON.parse(t!.content!) as unknown },
              linkPart(link.link),
            ],
          }),
        };
      });
    },
  };
}
