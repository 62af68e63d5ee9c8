import { consentResource } from '../consent/index.js';
import type { FhirResource } from '../fhir/index.js';
import { SOURCE_BASE } from './care-providers.js';

/** Fixed ids, so the demo sign-in accounts can name these people without a lookup. */
export const DEMO_CARER_ID = 'demo-carer';
export const DEMO_CARER_CONSENT_ID = 'demo-carer-proxy-access';
/** The same carer, for a second person she cares for (her father): one sign-in, two people. */
export const DEMO_CARER_FOR_FATHER_ID = 'demo-carer-father';
/** Links a RelatedPerson to the sign-in of the person it is, so one carer can act for several people. */
export const SIGN_IN_SYSTEM = 'https://heartwood.nhs.example/Id/sign-in';
/** The demo proxy account's sign-in subject. */
const DEMO_PROXY_SUBJECT = 'demo-proxy';
/** What Heartwood itself records (the carer's access was agreed through the patient front door). */
export const HEARTWOOD_SOURCE = `${SOURCE_BASE}/heartwood`;
export const DEMO_STAFF = [
  { id: 'demo-privacy-officer', prefix: 'Ms', given: 'Grace', family: 'Okafor', role: 'Privacy officer' },
  { id: 'demo-analyst', prefix: 'Mr', given: 'Tomos', family: 'Pritchard', role: 'Data analyst' },
  { id: 'demo-admin', prefix: 'Mx', given: 'Robin', family: 'Hale', role: 'Service administrator' },
] as const;

export interface CarerInput {
  patientId: string;
  /** A second person the carer acts for (her father), when the demo has one. */
  fatherId?: string;
  /** The day the proxy access was agreed (the demo's reference date, for deterministic output). */
  agreedOn: string;
}

/**
 * The people of the demo sign-in accounts who are not in the clinical data: a parent with proxy access
 * to the demo patient's record (a RelatedPerson and a `proxy-access` Consent), and a privacy officer,
 * an analyst and an administrator (Practitioners; the demo accounts place them at a hospital trust).
 */
export function carerAndOperatorResources(input: CarerInput): FhirResource[] {
  const carer: FhirResource = {
    resourceType: 'RelatedPerson',
    id: DEMO_CARER_ID,
    meta: { source: HEARTWOOD_SOURCE },
    identifier: [{ system: SIGN_IN_SYSTEM, value: DEMO_PROXY_SUBJECT }],
    active: true,
    patient: { reference: `Patient/${input.patientId}` },
    relationship: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
            code: 'MTH',
            display: 'mother',
          },
        ],
      },
    ],
    name: [{ use: 'official', family: 'Lindqvist', given: ['Maya'] }],
    telecom: [{ system: 'email', value: 'maya.lindqvist@example.org', use: 'home' }],
  };
  const consent = consentResource({
    kind: 'proxy-access',
    patientId: input.patientId,
    relatedPersonId: DEMO_CARER_ID,
    period: { start: input.agreedOn },
    dateTime: `${input.agreedOn}T09:00:00Z`,
  });
  consent.id = DEMO_CARER_CONSENT_ID;
  consent.meta = { source: HEARTWOOD_SOURCE };
  const staff = DEMO_STAFF.map((s): FhirResource => ({
    resourceType: 'Practitioner',
    id: s.id,
    meta: { source: HEARTWOOD_SOURCE },
    active: true,
    name: [{ use: 'official', family: s.family, given: [s.given], prefix: [s.prefix] }],
  }));
  const forFather: FhirResource[] = [];
  if (input.fatherId) {
    forFather.push({
      ...carer,
      id: DEMO_CARER_FOR_FATHER_ID,
      patient: { reference: `Patient/${input.fatherId}` },
      relationship: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'CHILD', display: 'child' },
          ],
        },
      ],
    });
    const grant = consentResource({
      kind: 'proxy-access',
      patientId: input.fatherId,
      relatedPersonId: DEMO_CARER_FOR_FATHER_ID,
      period: { start: input.agreedOn },
      dateTime: `${input.agreedOn}T09:30:00Z`,
    });
    grant.id = `${DEMO_CARER_CONSENT_ID}-father`;
    grant.meta = { source: HEARTWOOD_SOURCE };
    forFather.push(grant);
  }
  return [carer, consent, ...forFather, ...staff];
}
