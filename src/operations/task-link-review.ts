import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import type { MatchGrade } from '../identity/index.js';

/** Heartwood's own Task codes. */
export const TASK_CODE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/task-code';
/** The kinds of Task.input and Task.output Heartwood's Tasks carry. */
export const TASK_PARAMETER_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/task-parameter';
export const LINK_REVIEW_CODE = 'patient-link-review';

const type = (code: string) => ({ coding: [{ system: TASK_PARAMETER_SYSTEM, code }] });

/**
 * The review queue's item: "are Patient A and Patient B the same person?" — a proposal Task whose
 * focus is A, with B, the linkage weight and the match grade as inputs. Reviewers find open items
 * with `Task?code=…|patient-link-review&status=requested`.
 */
export function linkReviewTask(
  id: string,
  patientId: string,
  otherId: string,
  weight: number,
  grade: MatchGrade,
  authoredOn: string,
): FhirResource & { id: string } {
  return {
    resourceType: 'Task',
    id,
    status: 'requested',
    intent: 'proposal',
    priority: 'routine',
    code: {
      coding: [
        {
          system: TASK_CODE_SYSTEM,
          code: LINK_REVIEW_CODE,
          display: 'Review possible duplicate patient records',
        },
      ],
    },
    description: `Patient/${patientId} and Patient/${otherId} may be the same person (${grade} match): link them or record that they are different people.`,
    focus: { reference: `Patient/${patientId}` },
    authoredOn,
    lastModified: authoredOn,
    input: [
      { type: type('other-patient'), valueReference: { reference: `Patient/${otherId}` } },
      { type: type('match-score'), valueDecimal: Math.round(weight * 1000) / 1000 },
      { type: type('match-grade'), valueCode: grade },
    ],
  };
}

/** Whether a Task is a link review. */
export function isLinkReview(task: FhirResource): boolean {
  const code = task.code;
  return (
    isObject(code) &&
    Array.isArray(code.coding) &&
    code.coding.some((c) => isObject(c) && c.system === TASK_CODE_SYSTEM && c.code === LINK_REVIEW_CODE)
  );
}

/** The input of the given kind. */
export function taskInput(task: FhirResource, code: string): Record<string, unknown> | undefined {
  const inputs = Array.isArray(task.input) ? task.input.filter(isObject) : [];
  return inputs.find(
    (i) =>
      isObject(i.type) &&
      Array.isArray(i.type.coding) &&
      i.type.coding.some((c) => isObject(c) && c.system === TASK_PARAMETER_SYSTEM && c.code === code),
  );
}

export const taskParameterType = type;
