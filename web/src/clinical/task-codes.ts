/**
 * Heartwood's own Task codes (the server's demo data and policy use the same): the requests a
 * patient sends to their GP practice or to the privacy office.
 */
export const TASK_CODE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/task-code';

export type TaskCode = 'repeat-prescription-request' | 'full-record-access-request' | 'access-concern';

export function taskCode(code: TaskCode, display: string) {
  return { coding: [{ system: TASK_CODE_SYSTEM, code, display }] };
}

/** The token search value for a Task code: `system|code`. */
export const taskCodeToken = (code: TaskCode) => `${TASK_CODE_SYSTEM}|${code}`;
