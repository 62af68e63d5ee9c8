import type { MedicationRequest, Task } from '../../fhir/resources.js';

const COURSE_OF_THERAPY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy';

/** Repeat medicines: active prescriptions for continuous (long-term) use. */
export function isRepeatMedicine(m: MedicationRequest): boolean {
  return (
    m.status === 'active' &&
    (m.courseOfTherapyType?.coding ?? []).some(
      (c) => c.system === COURSE_OF_THERAPY && c.code === 'continuous',
    )
  );
}

export function medicineName(m: MedicationRequest): string {
  return (
    m.medicationCodeableConcept?.text ??
    m.medicationCodeableConcept?.coding?.[0]?.display ??
    m.medicationReference?.display ??
    ''
  );
}

export type RequestState = 'sent' | 'inProgress' | 'done' | 'refused' | 'cancelled';

/** Where a repeat request is, in the words the page uses (FHIR Task status to a few plain states). */
export function requestState(task: Task): RequestState {
  switch (task.status) {
    case 'in-progress':
    case 'accepted':
    case 'ready':
    case 'on-hold':
      return 'inProgress';
    case 'completed':
      return 'done';
    case 'rejected':
    case 'failed':
      return 'refused';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    default:
      return 'sent';
  }
}

/** Medicines with a request still open: asking again would only make a duplicate. */
export function pendingMedicines(tasks: readonly Task[]): Set<string> {
  return new Set(
    tasks
      .filter((t) => ['sent', 'inProgress'].includes(requestState(t)))
      .map((t) => t.focus?.reference ?? '')
      .filter(Boolean),
  );
}
