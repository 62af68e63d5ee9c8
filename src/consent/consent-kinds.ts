import type { FhirResource } from '../fhir/index.js';

/**
 * The patient choices Heartwood records, each as a FHIR Consent told apart by a category coding of
 * Heartwood's own. One active Consent per patient and kind is in force: the newest (`dateTime`) wins,
 * and withdrawing a choice sets `status: inactive`.
 */
export const CONSENT_KIND_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/consent-kind';

export type ConsentKind =
  /** National data opt-out: the record is not used for research or planning. `provision.type: deny`. */
  | 'national-data-opt-out'
  /** May researchers contact me? `provision.type` permit or deny; contact method in an extension. */
  | 'research-contact'
  /**
   * Sharing with organisations other than my GP practice for direct care. `provision.type: deny` with
   * `provision.securityLabel` codings: those categories are kept to the practice; with no labels,
   * nothing is shared beyond it. No such Consent: shared (implied consent for direct care).
   */
  | 'record-sharing'
  /**
   * A carer acting for the patient. `provision.type: permit`, `provision.actor[].reference` the
   * RelatedPerson, `provision.period` the grant's life, `provision.class` the resource types allowed
   * (none listed: every type). A proxy never sees entries with a sensitive label.
   */
  | 'proxy-access';

export const CONSENT_KINDS: readonly ConsentKind[] = [
  'national-data-opt-out',
  'research-contact',
  'record-sharing',
  'proxy-access',
];

const SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
/** Where the rules behind each kind are written down (Consent needs a policy or policyRule). */
export const CONSENT_POLICY_URI = 'https://heartwood.nhs.example/policy/patient-choices';
export const CONTACT_METHOD_EXTENSION =
  'https://heartwood.nhs.example/fhir/StructureDefinition/research-contact-method';

/** Security labels that mark an entry as sensitive (FHIR `meta.security`). */
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const HEARTWOOD_LABEL_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/sensitivity';

export interface SecurityLabel {
  system: string;
  code: string;
}

/** The categories of sensitive entries a patient or policy can name, with their labels. */
export const SENSITIVE_CATEGORIES: Record<string, SecurityLabel[]> = {
  'mental-health': [{ system: ACT_CODE_SYSTEM, code: 'PSY' }],
  'sexual-health': [
    { system: ACT_CODE_SYSTEM, code: 'STD' },
    { system: ACT_CODE_SYSTEM, code: 'HIV' },
  ],
  'substance-use': [{ system: ACT_CODE_SYSTEM, code: 'ETH' }],
  safeguarding: [{ system: HEARTWOOD_LABEL_SYSTEM, code: 'safeguarding' }],
  restricted: [{ system: CONFIDENTIALITY_SYSTEM, code: 'R' }],
};

export const ALL_SENSITIVE_LABELS: SecurityLabel[] = Object.values(SENSITIVE_CATEGORIES).flat();

export interface ConsentInput {
  kind: ConsentKind;
  patientId: string;
  /** permit or deny; defaults by kind. */
  type?: 'permit' | 'deny';
  /** record-sharing: the categories kept to the GP practice (keys of SENSITIVE_CATEGORIES). */
  categories?: string[];
  /** proxy-access: RelatedPerson id, period and allowed resource types. */
  relatedPersonId?: string;
  period?: { start?: string; end?: string };
  resourceTypes?: string[];
  /** research-contact: email, phone or post. */
  contactMethod?: string;
  dateTime?: string;
}

/** Builds a valid R4 Consent for one choice. */
export function consentResource(input: ConsentInput): FhirResource {
  const research = input.kind === 'national-data-opt-out' || input.kind === 'research-contact';
  const type =
    input.type ?? (input.kind === 'proxy-access' || input.kind === 'research-contact' ? 'permit' : 'deny');
  const provision: Record<string, unknown> = { type };
  if (research) {
    provision.purpose = [
      { system: ACT_REASON, code: 'HRESCH', display: 'healthcare research' },
      ...(input.kind === 'national-data-opt-out'
        ? [{ system: ACT_REASON, code: 'HOPERAT', display: 'healthcare operations' }]
        : []),
    ];
  }
  if (input.kind === 'record-sharing' && input.categories?.length) {
    provision.securityLabel = input.categories.flatMap((c) => SENSITIVE_CATEGORIES[c] ?? []);
  }
  if (input.kind === 'proxy-access') {
    provision.actor = [
      {
        role: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
              code: 'AGNT',
              display: 'agent',
            },
          ],
        },
        reference: { reference: `RelatedPerson/${input.relatedPersonId}` },
      },
    ];
    if (input.period) provision.period = input.period;
    if (input.resourceTypes?.length) {
      provision.class = input.resourceTypes.map((t) => ({
        system: 'http://hl7.org/fhir/resource-types',
        code: t,
      }));
    }
  }
  const consent: FhirResource = {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [
        research
          ? { system: SCOPE_SYSTEM, code: 'research', display: 'Research' }
          : { system: SCOPE_SYSTEM, code: 'patient-privacy', display: 'Privacy Consent' },
      ],
    },
    category: [
      { coding: [{ system: CONSENT_KIND_SYSTEM, code: input.kind }] },
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
    ],
    patient: { reference: `Patient/${input.patientId}` },
    dateTime: input.dateTime ?? new Date().toISOString(),
    policy: [{ uri: CONSENT_POLICY_URI }],
    provision,
  };
  if (input.kind === 'research-contact' && input.contactMethod) {
    consent.extension = [{ url: CONTACT_METHOD_EXTENSION, valueCode: input.contactMethod }];
  }
  return consent;
}

/** Which Heartwood kind a Consent records, if any. */
export function consentKindOf(consent: FhirResource): ConsentKind | undefined {
  const categories = Array.isArray(consent.category) ? consent.category : [];
  for (const c of categories as { coding?: { system?: string; code?: string }[] }[]) {
    for (const coding of c.coding ?? []) {
      if (coding.system === CONSENT_KIND_SYSTEM && CONSENT_KINDS.includes(coding.code as ConsentKind)) {
        return coding.code as ConsentKind;
      }
    }
  }
  return undefined;
}
