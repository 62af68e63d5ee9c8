import type { Bundle, FhirResource } from '../fhir/index.js';
import { addDays, instant, ref } from './fhir-shapes.js';
import type { Prng } from './prng.js';

/** Heartwood's own Task codes: the requests a patient sends their GP practice or the privacy office. */
export const TASK_CODE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/task-code';
export const REPEAT_PRESCRIPTION_REQUEST = 'repeat-prescription-request';
const COURSE_OF_THERAPY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy';

interface MedicationRequestLike extends FhirResource {
  status?: string;
  courseOfTherapyType?: { coding?: { system?: string; code?: string }[] };
  subject?: { reference?: string };
  medicationCodeableConcept?: { text?: string };
}

function isActiveRepeat(r: FhirResource): r is MedicationRequestLike {
  const m = r as MedicationRequestLike;
  return (
    m.resourceType === 'MedicationRequest' &&
    m.status === 'active' &&
    (m.courseOfTherapyType?.coding ?? []).some(
      (c) => c.system === COURSE_OF_THERAPY && c.code === 'continuous',
    )
  );
}

/**
 * Past repeat prescription requests for the demo patients' repeat medicines (active, continuous
 * MedicationRequests in their GP records): most done, one in each few still being dealt with, so
 * the "your requests" list has every state to show.
 */
export function repeatRequestResources(
  prng: Prng,
  opts: {
    bundles: Bundle[];
    /** Patient id to the Organization id and source of their GP practice. */
    practiceOf: (patientId: string) => { id: string; name: string; source: string } | undefined;
    today: Date;
  },
): FhirResource[] {
  const out: FhirResource[] = [];
  const repeats = opts.bundles
    .flatMap((b) => (b.entry ?? []).map((e) => e.resource))
    .filter((r): r is MedicationRequestLike => !!r && isActiveRepeat(r));
  let n = 0;
  for (const medicine of repeats) {
    const patientId = medicine.subject?.reference?.replace(/^Patient\//, '');
    const practice = patientId ? opts.practiceOf(patientId) : undefined;
    if (!patientId || !practice) continue;
    const requests = prng.int(0, 2);
    for (let i = 0; i < requests; i++, n++) {
      const authored = addDays(opts.today, -(i * 28 + prng.int(1, 20)));
      const inProgress = i === 0 && n % 4 === 0;
      out.push({
        resourceType: 'Task',
        id: prng.uuid(),
        meta: { source: practice.source },
        status: inProgress ? 'in-progress' : 'completed',
        businessStatus: { text: inProgress ? 'With your GP for approval' : 'Sent to your pharmacy' },
        intent: 'order',
        code: {
          coding: [
            {
              system: TASK_CODE_SYSTEM,
              code: REPEAT_PRESCRIPTION_REQUEST,
              display: 'Repeat prescription request',
            },
          ],
        },
        focus: ref('MedicationRequest', medicine.id!, medicine.medicationCodeableConcept?.text),
        for: ref('Patient', patientId),
        authoredOn: instant(authored),
        lastModified: instant(addDays(authored, inProgress ? 0 : prng.int(1, 3))),
        requester: ref('Patient', patientId),
        owner: ref('Organization', practice.id, practice.name),
      });
    }
  }
  return out;
}
