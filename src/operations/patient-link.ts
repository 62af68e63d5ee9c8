import { errors } from '../fhir/index.js';
import {
  activeLinksBetween,
  conflictingNhsNumbers,
  createLink,
  endLinks,
  recordNotLink,
} from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import {
  actorOf,
  readPatient,
  reasonParam,
  requiredPatientParam,
  requireLinkRole,
  patientParam,
} from './patient-link-input.js';
import { linkPart, parametersJson } from './patient-link-parameters.js';

const DEFINITION = 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-link';
const UNLINK_DEFINITION = 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-unlink';

/**
 * `Patient/$link` and `Patient/$unlink`: a person joins two records of one patient, or separates them.
 * Both are recorded beside the records with who and why; ending a link keeps it in the history, and
 * also records "different people" so the background linker never joins the pair again. Merges are
 * undone with `$unmerge`, not here. `patient` may also be the instance (`Patient/{id}/$link`).
 */
export function createPatientLinkOperations(): OperationDefinition[] {
  const link: OperationDefinition = {
    name: 'link',
    levels: ['type', 'instance'],
    resourceTypes: ['Patient'],
    definition: DEFINITION,
    affectsState: true,
    async run(ctx, call) {
      requireLinkRole(ctx.principal);
      const patientId = call.id ?? requiredPatientParam(call, 'patient', ctx.base);
      const otherId = requiredPatientParam(call, 'other', ctx.base);
      if (patientId === otherId) throw errors.invalidParameter('A record cannot be linked to itself.');
      const reason = reasonParam(call);
      return ctx.store.transaction(async (store) => {
        const a = await readPatient(store, patientId);
        const b = await readPatient(store, otherId);
        if (conflictingNhsNumbers(a.patient, b.patient))
          throw errors.unprocessable(
            'The two records carry different NHS numbers: resolve the NHS number with PDS before linking them.',
          );
        const result = await store.withExecutor((exec) =>
          createLink(exec, { patientId, otherId, kind: 'manual', createdBy: actorOf(ctx.principal), reason }),
        );
        return {
          status: result.created ? 201 : 200,
          body: parametersJson([linkPart(result.link)]),
        };
      });
    },
  };

  const unlink: OperationDefinition = {
    name: 'unlink',
    levels: ['type', 'instance'],
    resourceTypes: ['Patient'],
    definition: UNLINK_DEFINITION,
    affectsState: true,
    async run(ctx, call) {
      requireLinkRole(ctx.principal);
      const patientId = call.id ?? requiredPatientParam(call, 'patient', ctx.base);
      const otherId = patientParam(call, 'other', ctx.base);
      if (otherId === undefined)
        throw errors.invalidParameter('The parameter other (a Patient reference) is required.');
      const reason = reasonParam(call);
      const actor = actorOf(ctx.principal);
      return ctx.store.transaction(async (store) => {
        // Read through the caller's store, so only records they may see can be separated.
        await readPatient(store, patientId);
        await readPatient(store, otherId);
        return store.withExecutor(async (exec) => {
          const active = await activeLinksBetween(exec, patientId, otherId);
          const endable = active.filter((l) => l.kind !== 'merge');
          if (endable.length === 0)
            throw errors.unprocessable(
              active.length > 0
                ? `Patient/${patientId} and Patient/${otherId} are merged: undo it with $unmerge.`
                : `Patient/${patientId} and Patient/${otherId} have no active link.`,
            );
          const ended = await endLinks(
            exec,
            endable.map((l) => l.linkId),
            actor,
            reason,
          );
          await recordNotLink(exec, patientId, otherId, actor, reason);
          return { status: 200, body: parametersJson(ended.map(linkPart)) };
        });
      });
    },
  };
  return [link, unlink];
}
