import type { FhirResource } from '../fhir/index.js';
import { errors, isObject } from '../fhir/index.js';
import { conflictingNhsNumbers, createLink, recordNotLink } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import { actorOf, readPatient, reasonParam, requireLinkRole } from './patient-link-input.js';
import { linkPart } from './patient-link-parameters.js';
import { localTarget } from './patient-records.js';
import { isLinkReview, taskInput, taskParameterType } from './task-link-review.js';

const OPEN = new Set(['requested', 'received', 'accepted', 'ready', 'in-progress']);

/**
 * `POST Task/{id}/$resolve-link-review` (decision = link | not-link, reason): a reviewer's answer to
 * a link review. `link` records a manual link between the two records; `not-link` records that they
 * are different people, so the linker never proposes the pair again. The Task is completed with the
 * decision as its output, in the same transaction.
 */
export function createResolveLinkReview(): OperationDefinition {
  return {
    name: 'resolve-link-review',
    levels: ['instance'],
    resourceTypes: ['Task'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Task-resolve-link-review',
    affectsState: true,
    async run(ctx, call) {
      requireLinkRole(ctx.principal);
      const decision = call.params.get('decision');
      if (decision !== 'link' && decision !== 'not-link')
        throw errors.invalidParameter('decision must be link or not-link.');
      const reason = reasonParam(call);
      const actor = actorOf(ctx.principal);
      return ctx.store.transaction(async (store) => {
        const stored = await store.read('Task', call.id!);
        if (!stored) throw errors.notFound(`Task/${call.id} is not known.`);
        if (stored.deleted || stored.content === undefined) throw errors.gone(`Task/${call.id} was deleted.`);
        const task = JSON.parse(stored.content) as FhirResource & { id: string };
        if (!isLinkReview(task)) throw errors.unprocessable(`Task/${task.id} is not a patient link review.`);
        if (!OPEN.has(String(task.status)))
          throw errors.unprocessable(`Task/${task.id} is already ${String(task.status)}.`);
        const focus = isObject(task.focus) ? localTarget(task.focus.reference, ctx.base) : undefined;
        const otherInput = taskInput(task, 'other-patient');
        const other = isObject(otherInput?.valueReference)
          ? localTarget(otherInput.valueReference.reference, ctx.base)
          : undefined;
        if (focus?.type !== 'Patient' || other?.type !== 'Patient')
          throw errors.unprocessable(`Task/${task.id} does not name the two Patient records to review.`);
        const score =
          typeof taskInput(task, 'match-score')?.valueDecimal === 'number'
            ? (taskInput(task, 'match-score')!.valueDecimal as number)
            : undefined;

        const parts: { name: string; [k: string]: unknown }[] = [];
        if (decision === 'link') {
          const a = await readPatient(store, focus.id);
          const b = await readPatient(store, other.id);
          if (conflictingNhsNumbers(a.patient, b.patient))
            throw errors.unprocessable(
              'The two records carry different NHS numbers: resolve the NHS number with PDS before linking them.',
            );
          const made = await store.withExecutor((exec) =>
            createLink(exec, {
              patientId: focus.id,
              otherId: other.id,
              kind: 'manual',
              score,
              createdBy: actor,
              reason: reason ?? `Review Task/${task.id}`,
            }),
          );
          parts.push(linkPart(made.link));
        } else {
          await store.withExecutor((exec) => recordNotLink(exec, focus.id, other.id, actor, reason));
        }
        const now = new Date().toISOString();
        const completed: FhirResource & { id: string } = {
          ...task,
          status: 'completed',
          lastModified: now,
          executionPeriod: { ...(isObject(task.executionPeriod) ? task.executionPeriod : {}), end: now },
          output: [{ type: taskParameterType('decision'), valueCode: decision }],
          ...(reason
            ? { note: [...(Array.isArray(task.note) ? task.note : []), { text: reason, time: now }] }
            : {}),
          ...(ctx.principal.person ? { owner: { reference: ctx.principal.person } } : {}),
        };
        const [written] = await store.write([
          { op: 'update', resource: completed, ifMatch: stored.versionId },
        ]);
        return {
          status: 200,
          body: JSON.stringify({
            resourceType: 'Parameters',
            parameter: [{ name: 'task', resource: JSON.parse(written!.content!) as unknown }, ...parts],
          }),
        };
      });
    },
  };
}
