import type { Principal } from '../auth/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { AuditRecord, AuditSubtype } from './audit-record.js';
import { AUDIT_SUBTYPES } from './audit-record.js';

/** A FHIR R4 AuditEvent as Heartwood stores and serves it. */
export type AuditEventResource = FhirResource & { resourceType: 'AuditEvent'; id: string; recorded: string };

export const HEARTWOOD_SUBTYPE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/audit-event-subtype';
export const HEARTWOOD_ROLE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/role';
export const HEARTWOOD_SUBJECT_SYSTEM = 'https://heartwood.nhs.example/fhir/sid/subject';
export const HEARTWOOD_ORGANIZATION_SYSTEM = 'https://heartwood.nhs.example/fhir/sid/organization';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const AUDIT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const RESTFUL = 'http://hl7.org/fhir/restful-interaction';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The restful interactions that BALP records with type `rest` and a restful-interaction subtype. */
const REST: ReadonlySet<AuditSubtype> = new Set<AuditSubtype>([
  'read',
  'vread',
  'search-type',
  'search-system',
  'history-instance',
  'history-type',
  'history-system',
  'create',
  'update',
  'patch',
  'delete',
  'transaction',
  'batch',
  'operation',
  'capabilities',
]);

const TYPES: Partial<Record<AuditSubtype, { system: string; code: string; display: string }>> = {
  export: { system: DCM, code: '110106', display: 'Export' },
  login: { system: DCM, code: '110114', display: 'User Authentication' },
  logout: { system: DCM, code: '110114', display: 'User Authentication' },
  'access-denied': { system: DCM, code: '110113', display: 'Security Alert' },
};
const PATIENT_RECORD = { system: DCM, code: '110110', display: 'Patient Record' };
const SUBTYPE_CODES: Partial<Record<AuditSubtype, { system: string; code: string; display: string }>> = {
  login: { system: DCM, code: '110122', display: 'Login' },
  logout: { system: DCM, code: '110123', display: 'Logout' },
};
const PURPOSES: Record<string, string> = {
  TREAT: 'treatment',
  ETREAT: 'emergency treatment',
  HPAYMT: 'healthcare payment',
  PATRQT: 'patient requested',
  HRESCH: 'healthcare research',
  HOPERAT: 'healthcare operations',
  HSYSADMIN: 'health system administration',
  PUBHLTH: 'public health',
};

/** One record ready to be chained: the indexed columns and the AuditEvent without its id. */
export interface PreparedAudit {
  recorded: string;
  subtype: AuditSubtype;
  action: string;
  outcome: string;
  agentSubject: string;
  agentPerson: string | null;
  agentOrg: string | null;
  patientIds: string[];
  purpose: string | null;
  /** The AuditEvent's JSON after `"id"`: everything but its opening brace, resourceType and id. */
  body: string;
}

/**
 * Builds the BALP-shaped AuditEvent for a record and checks what the caller passed, before anything is
 * queued: a malformed record is the caller's bug and must fail its own call, not a shared batch.
 */
export function prepareAudit(record: AuditRecord, now: Date): PreparedAudit {
  if (!AUDIT_SUBTYPES.has(record.subtype)) throw new TypeError('audit record: unknown subtype');
  if (!['C', 'R', 'U', 'D', 'E'].includes(record.action)) throw new TypeError('audit record: unknown action');
  if (!['0', '4', '8', '12'].includes(record.outcome)) throw new TypeError('audit record: unknown outcome');
  const when = record.recorded === undefined ? now : new Date(record.recorded);
  if (Number.isNaN(when.getTime())) throw new TypeError('audit record: recorded is not an instant');
  const recorded = when.toISOString();
  const patientIds = [...new Set(record.patients.map((p) => p.replace(/^Patient\//, '')))];
  if (!patientIds.every((p) => FHIR_ID.test(p))) throw new TypeError('audit record: a patient id is invalid');
  if (!record.entities.every((e) => REFERENCE.test(e)))
    throw new TypeError('audit record: an entity is not a relative reference');
  const p = record.principal;
  const org = p.organization?.replace(/^Organization\//, '') ?? null;

  const event: Record<string, unknown> = {
    type: REST.has(record.subtype)
      ? { system: AUDIT_TYPE, code: 'rest', display: 'Restful Operation' }
      : (TYPES[record.subtype] ?? PATIENT_RECORD),
    subtype: [
      REST.has(record.subtype)
        ? { system: RESTFUL, code: record.subtype }
        : (SUBTYPE_CODES[record.subtype] ?? { system: HEARTWOOD_SUBTYPE_SYSTEM, code: record.subtype }),
    ],
    action: record.action,
    recorded,
    outcome: record.outcome,
  };
  const outcomeDesc =
    record.outcomeDescription ?? (record.subtype === 'access-denied' ? record.reason : undefined);
  if (outcomeDesc) event.outcomeDesc = outcomeDesc;
  const purpose = purposeOf(record.purposeOfUse, record.reason);
  if (purpose) event.purposeOfEvent = [purpose];
  event.agent = agents(p, org, purpose);
  event.source = {
    site: 'Heartwood',
    observer: { display: 'Heartwood', identifier: { system: HEARTWOOD_SUBJECT_SYSTEM, value: 'heartwood' } },
    type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
  };
  const entities = entitiesOf(record, patientIds);
  if (entities.length > 0) event.entity = entities;
  return {
    recorded,
    subtype: record.subtype,
    action: record.action,
    outcome: record.outcome,
    agentSubject: p.subject,
    agentPerson: p.person ?? null,
    agentOrg: org,
    patientIds,
    purpose: record.purposeOfUse ?? null,
    body: JSON.stringify(event).slice(1),
  };
}

/** The stored JSON of a prepared record once its place in the chain is known. */
export function auditContent(seq: string, prepared: PreparedAudit): string {
  return `{"resourceType":"AuditEvent","id":"${seq}",${prepared.body}`;
}

function purposeOf(code: string | undefined, reason: string | undefined) {
  if (!code && !reason) return undefined;
  const concept: Record<string, unknown> = {};
  if (code) {
    const display = PURPOSES[code];
    concept.coding = [{ system: ACT_REASON, code, ...(display ? { display } : {}) }];
  }
  if (reason) concept.text = reason;
  else if (code) concept.text = PURPOSES[code] ?? code;
  return concept;
}

function agents(p: Principal, org: string | null, purpose: Record<string, unknown> | undefined) {
  const who: Record<string, unknown> = {
    identifier: { system: HEARTWOOD_SUBJECT_SYSTEM, value: p.subject },
    display: p.name,
  };
  if (p.person) who.reference = p.person;
  const user: Record<string, unknown> = {
    type: {
      coding: [{ system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }],
    },
    role: [{ coding: [{ system: HEARTWOOD_ROLE_SYSTEM, code: p.role }], text: p.role }],
    who,
    name: p.name,
    requestor: true,
  };
  if (p.clientId) user.altId = p.clientId;
  if (p.address) user.network = { address: p.address, type: isIp(p.address) ? '2' : '1' };
  if (purpose) user.purposeOfUse = [purpose];
  const list: Record<string, unknown>[] = [user];
  if (org) {
    list.push({
      type: { text: 'organisation' },
      who: {
        reference: `Organization/${org}`,
        identifier: { system: HEARTWOOD_ORGANIZATION_SYSTEM, value: org },
        ...(p.organizationName ? { display: p.organizationName } : {}),
      },
      ...(p.organizationName ? { name: p.organizationName } : {}),
      requestor: false,
    });
  }
  return list;
}

function isIp(address: string): boolean {
  return /^[0-9.]+$/.test(address) || address.includes(':');
}

function entitiesOf(record: AuditRecord, patientIds: string[]) {
  const list: Record<string, unknown>[] = patientIds.map((id) => ({
    what: { reference: `Patient/${id}` },
    type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  }));
  for (const ref of record.entities) {
    list.push({
      what: { reference: ref },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    });
  }
  if (record.query !== undefined) {
    list.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
      query: Buffer.from(record.query, 'utf8').toString('base64'),
    });
  }
  if (record.detail !== undefined) {
    list.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      name: record.detail,
      description:
        record.subtype === 'operation' ? 'operation' : record.subtype === 'export' ? 'export job' : 'detail',
    });
  }
  return list;
}
