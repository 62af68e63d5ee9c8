import type { AuditEvent } from '../../fhir/resources.js';

/** What kind of entry a record is about, in the words the access log uses ("your test results"). */
export type RecordPart =
  | 'testResults'
  | 'medicines'
  | 'allergies'
  | 'conditions'
  | 'vaccinations'
  | 'appointments'
  | 'details'
  | 'choices'
  | 'requests'
  | 'documents'
  | 'wholeRecord';

const PART_OF_TYPE: Record<string, RecordPart> = {
  Observation: 'testResults',
  DiagnosticReport: 'testResults',
  MedicationRequest: 'medicines',
  MedicationStatement: 'medicines',
  AllergyIntolerance: 'allergies',
  Condition: 'conditions',
  Immunization: 'vaccinations',
  Encounter: 'appointments',
  Appointment: 'appointments',
  Patient: 'details',
  Consent: 'choices',
  Task: 'requests',
  DocumentReference: 'documents',
  Composition: 'documents',
};

export type AccessAction = 'looked' | 'added' | 'changed' | 'removed' | 'refused' | 'brokeGlass' | 'signedIn';
export type Purpose = 'care' | 'emergency' | 'yourRequest' | 'research' | 'running' | 'other';

export interface AccessWords {
  id: string;
  /** Who it was ("Dr Amina Shah"); undefined when the record names nobody. */
  who?: string;
  /** Their role, as Heartwood's tokens name it (`gp`, `clinician`, `system`, …). */
  role?: string;
  /** Where they work ("Kirkgate Medical Practice"). */
  organization?: string;
  action: AccessAction;
  parts: RecordPart[];
  purpose?: Purpose;
  /** The reason given in the person's own words (break-glass). */
  reasonText?: string;
  recorded?: string;
  /** Done by the signed-in person themselves. */
  mine: boolean;
}

const PURPOSES: Record<string, Purpose> = {
  TREAT: 'care',
  ETREAT: 'emergency',
  PATRQT: 'yourRequest',
  HRESCH: 'research',
  HOPERAT: 'running',
  HSYSADMIN: 'running',
};

function decodeQuery(base64: string): string {
  try {
    return atob(base64);
  } catch {
    return '';
  }
}

/**
 * One AuditEvent as the parts of a plain-English sentence: who, in what role and where, did what
 * to which parts of the record, when and why. `person` is the signed-in person's FHIR reference.
 */
export function accessWords(event: AuditEvent, person: string | undefined): AccessWords {
  const user = event.agent?.find((a) => a.requestor) ?? event.agent?.[0];
  const organization = event.agent?.find((a) => a.who?.reference?.startsWith('Organization/'));
  const subtype = event.subtype?.[0]?.code ?? '';
  const types = new Set<string>();
  for (const entity of event.entity ?? []) {
    const ref = entity.what?.reference;
    if (ref && !ref.startsWith('Patient/')) types.add(ref.split('/')[0]!);
    const query = (entity as { query?: string }).query;
    if (query) types.add(decodeQuery(query).split(/[?/]/)[0] ?? '');
    if (entity.name === '$everything' || entity.name === '$summary' || entity.name === 'everything')
      types.add('*');
  }
  if (subtype === 'operation' || subtype === 'break-glass') types.add('*');
  const parts = [
    ...new Set([...types].map((t) => (t === '*' ? 'wholeRecord' : PART_OF_TYPE[t])).filter((p) => !!p)),
  ] as RecordPart[];
  const action: AccessAction =
    subtype === 'login' && (event.outcome ?? '0') === '0'
      ? 'signedIn'
      : subtype === 'break-glass'
        ? 'brokeGlass'
        : subtype === 'access-denied' || (event.outcome !== undefined && event.outcome !== '0')
          ? 'refused'
          : event.action === 'C'
            ? 'added'
            : event.action === 'U'
              ? 'changed'
              : event.action === 'D'
                ? 'removed'
                : 'looked';
  const purposeConcept = event.purposeOfEvent?.[0] ?? user?.purposeOfUse?.[0];
  const purposeCode = purposeConcept?.coding?.[0]?.code;
  const reasonText = action === 'brokeGlass' || purposeCode === 'ETREAT' ? purposeConcept?.text : undefined;
  return {
    id: event.id ?? '',
    who: user?.name ?? user?.who?.display,
    role: user?.role?.[0]?.coding?.[0]?.code ?? user?.role?.[0]?.text,
    organization: organization?.name ?? organization?.who?.display,
    action,
    parts: action === 'signedIn' ? [] : parts.length ? parts : ['details'],
    purpose:
      action === 'brokeGlass' ? 'emergency' : purposeCode ? (PURPOSES[purposeCode] ?? 'other') : undefined,
    reasonText,
    recorded: event.recorded,
    mine: !!person && user?.who?.reference === person,
  };
}
