import { describe, expect, it } from 'vitest';
import type { MedicationRequest, Task } from '../../fhir/resources.js';
import { isRepeatMedicine, pendingMedicines, requestState } from './repeat-medicines.js';

const course = (code: string) => ({
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy', code }],
});
const med = (status: string, c: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status,
  courseOfTherapyType: course(c),
});
const task = (status: string, focus: string): Task => ({
  resourceType: 'Task',
  status,
  focus: { reference: focus },
});

describe('repeat medicines', () => {
  it('are active and continuous', () => {
    expect(isRepeatMedicine(med('active', 'continuous'))).toBe(true);
    expect(isRepeatMedicine(med('active', 'acute'))).toBe(false);
    expect(isRepeatMedicine(med('stopped', 'continuous'))).toBe(false);
  });

  it('have requests in plain states, and the open ones block asking again', () => {
    expect(
      ['requested', 'in-progress', 'completed', 'rejected', 'cancelled'].map((s) =>
        requestState(task(s, 'x')),
      ),
    ).toEqual(['sent', 'inProgress', 'done', 'refused', 'cancelled']);
    expect([
      ...pendingMedicines([
        task('requested', 'MedicationRequest/a'),
        task('completed', 'MedicationRequest/b'),
      ]),
    ]).toEqual(['MedicationRequest/a']);
  });
});
