import type { FhirResource } from '../fhir/index.js';
import { placeOf } from './audit-chain.js';
import type { ChainedColumns } from './audit-chain.js';
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

/** One record ready to be chained: the indexed columns and the rest of what the caller said. */
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
  /** The stored record's JSON without its opening brace (its place goes first once known). */
  body: string;
}

/**
 * What a stored record keeps beyond its indexed columns. The AuditEvent is rendered from it when read:
 * a read is audited far more often than its record is read back, and a few hundred bytes a record
 * instead of the 2.5 kB (a search: 10 kB) of BALP JSON is most of what auditing a read costs.
 */
interface AuditFacts {
  role: string;
  name: string;
  client?: string;
  address?: string;
  orgName?: string;
  entities?: string[];
  /**
   * Kept when a record names several patients: for each entity, the index in the record's patient
   * ids of the one whose record it is in, -1 for no one's, -2 for someone the record does not name
   * (shown to no one person).
   */
  owners?: number[];
  query?: string;
  detail?: string;
  reason?: string;
  outcomeDesc?: string;
}

/** The columns of a stored record that rendering needs (as `audit_event` holds them). */
export interface StoredAuditRow {
  seq: string;
  /** ISO instant with milliseconds, as it was hashed. */
  recorded: string;
  subtype: string;
  action: string;
  outcome: string;
  agent_subject: string;
  agent_person: string | null;
  agent_org: string | null;
  patient_ids: string[];
  purpose: string | null;
  content: string;
}

/**
 * Checks what the caller passed and keeps what the AuditEvent needs, before anything is queued: a
 * malformed record is the caller's bug and must fail its own call, not a shared batch.
 */
export function prepareAudit(record: AuditRecord, now: Date): PreparedAudit {
  if (!AUDIT_SUBTYPES.has(record.subtype)) throw new TypeError('audit record: unknown subtype');
  if (!['C', 'R', 'U', 'D', 'E'].includes(record.action)) throw new TypeError('audit record: unknown action');
  if (!['0', '4', '8', '12'].includes(record.outcome)) throw new TypeError('audit record: unknown outcome');
  const when = record.recorded === undefined ? now : new Date(record.recorded);
  if (Number.isNaN(when.getTime())) throw new TypeError('audit record: recorded is not an instant');
  const patientIds = [...new Set(record.patients.map((p) => p.replace(/^Patient\//, '')))];
  if (!patientIds.every((p) => FHIR_ID.test(p))) throw new TypeError('audit record: a patient id is invalid');
  if (!record.entities.every((e) => REFERENCE.test(e)))
    throw new TypeError('audit record: an entity is not a relative reference');
  const p = record.principal;
  const facts: AuditFacts = { role: p.role, name: p.name };
  if (p.clientId) facts.client = p.clientId;
  if (p.address) facts.address = p.address;
  if (p.organization && p.organizationName) facts.orgName = p.organizationName;
  if (record.entities.length > 0) facts.entities = record.entities;
  const owners = record.entityPatients;
  if (owners !== undefined && owners.length !== record.entities.length)
    throw new TypeError('audit record: entityPatients must match entities one for one');
  if (owners !== undefined && patientIds.length > 1 && record.entities.length > 0) {
    facts.owners = owners.map((o) => {
      if (o === undefined) return -1;
      const at = patientIds.indexOf(o.replace(/^Patient\//, ''));
      return at >= 0 ? at : -2;
    });
  }
  if (record.query !== undefined) facts.query = record.query;
  if (record.detail !== undefined) facts.detail = record.detail;
  if (record.reason) facts.reason = record.reason;
  if (record.outcomeDescription) facts.outcomeDesc = record.outcomeDescription;
  return {
    recorded: when.toISOString(),
    subtype: record.subtype,
    action: record.action,
    outcome: record.outcome,
    agentSubject: p.subject,
    agentPerson: p.person ?? null,
    agentOrg: p.organization?.replace(/^Organization\//, '') ?? null,
    patientIds,
    purpose: record.purposeOfUse ?? null,
    body: JSON.stringify(facts).slice(1),
  };
}

/** The stored JSON of a prepared record once its place is known; the place is kept in it too, so a moved record can be told from a changed one. */
export function auditContent(place: string, prepared: PreparedAudit): string {
  return `{"at":"${place}",${prepared.body}`;
}

/** What the chain protects of a prepared record placed at `chain:pos` (its content names the place). */
export function chainedColumns(chain: number, pos: string, p: PreparedAudit): ChainedColumns {
  return {
    chain,
    pos,
    recorded: p.recorded,
    subtype: p.subtype,
    action: p.action,
    outcome: p.outcome,
    agentSubject: p.agentSubject,
    agentPerson: p.agentPerson,
    agentOrg: p.agentOrg,
    patientIds: p.patientIds,
    purpose: p.purpose,
    content: auditContent(placeOf(chain, pos), p),
  };
}

/** The place (`chain:pos`) a stored record was written at, read without parsing the JSON. */
export function placeInContent(content: string): string | undefined {
  const m = /^\{(?:"at":"(\d+:\d+)"|"resourceType":"AuditEvent","id":"(\d+)")/.exec(content);
  // Records written whole, before there were several chains, are on chain 1 at their id.
  return m?.[1] ?? (m?.[2] !== undefined ? `1:${m[2]}` : undefined);
}

/** The BALP-shaped FHIR AuditEvent of a stored record. */
export function auditEventFromRow(row: StoredAuditRow, view?: PatientView): AuditEventResource {
  // Records written before the compact form hold the whole AuditEvent.
  if (row.content.startsWith('{"resourceType"')) return JSON.parse(row.content) as AuditEventResource;
  const facts = JSON.parse(row.content) as AuditFacts;
  const subtype = row.subtype as AuditSubtype;
  const event: Record<string, unknown> = {
    resourceType: 'AuditEvent',
    id: row.seq,
    type: REST.has(subtype)
      ? { system: AUDIT_TYPE, code: 'rest', display: 'Restful Operation' }
      : (TYPES[subtype] ?? PATIENT_RECORD),
    subtype: [
      REST.has(subtype)
        ? { system: RESTFUL, code: subtype }
        : (SUBTYPE_CODES[subtype] ?? { system: HEARTWOOD_SUBTYPE_SYSTEM, code: subtype }),
    ],
    action: row.action,
    recorded: row.recorded,
    outcome: row.outcome,
  };
  const outcomeDesc = facts.outcomeDesc ?? (subtype === 'access-denied' ? facts.reason : undefined);
  if (outcomeDesc) event.outcomeDesc = outcomeDesc;
  const purpose = purposeOf(row.purpose ?? undefined, facts.reason);
  if (purpose) event.purposeOfEvent = [purpose];
  event.agent = agents(row, facts, purpose);
  event.source = {
    site: 'Heartwood',
    observer: { display: 'Heartwood', identifier: { system: HEARTWOOD_SUBJECT_SYSTEM, value: 'heartwood' } },
    type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
  };
  const entities = entitiesOf(subtype, facts, row.patient_ids, view);
  if (entities.length > 0) event.entity = entities;
  return event as AuditEventResource;
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

function agents(row: StoredAuditRow, facts: AuditFacts, purpose: Record<string, unknown> | undefined) {
  const who: Record<string, unknown> = {
    identifier: { system: HEARTWOOD_SUBJECT_SYSTEM, value: row.agent_subject },
    display: facts.name,
  };
  if (row.agent_person) who.reference = row.agent_person;
  const user: Record<string, unknown> = {
    type: {
      coding: [{ system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }],
    },
    role: [{ coding: [{ system: HEARTWOOD_ROLE_SYSTEM, code: facts.role }], text: facts.role }],
    who,
    name: facts.name,
    requestor: true,
  };
  if (facts.client) user.altId = facts.client;
  if (facts.address) user.network = { address: facts.address, type: isIp(facts.address) ? '2' : '1' };
  if (purpose) user.purposeOfUse = [purpose];
  const list: Record<string, unknown>[] = [user];
  const org = row.agent_org;
  if (org) {
    list.push({
      type: { text: 'organisation' },
      who: {
        reference: `Organization/${org}`,
        identifier: { system: HEARTWOOD_ORGANIZATION_SYSTEM, value: org },
        ...(facts.orgName ? { display: facts.orgName } : {}),
      },
      ...(facts.orgName ? { name: facts.orgName } : {}),
      requestor: false,
    });
  }
  return list;
}

function isIp(address: string): boolean {
  return /^[0-9.]+$/.test(address) || address.includes(':');
}

/**
 * One person's view of records: an interaction that touched several people's records (a clinician's
 * search, a feed's shared transaction) shows them what of theirs was touched, not who else was there.
 */
export interface PatientView {
  /** The person's patient ids (their linked records included). */
  patients: ReadonlySet<string>;
}

function entitiesOf(subtype: AuditSubtype, facts: AuditFacts, patientIds: string[], view?: PatientView) {
  const others = view !== undefined && patientIds.some((id) => !view.patients.has(id));
  const shown = others ? patientIds.filter((id) => view.patients.has(id)) : patientIds;
  const list: Record<string, unknown>[] = shown.map((id) => ({
    what: { reference: `Patient/${id}` },
    type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  }));
  (facts.entities ?? []).forEach((ref, i) => {
    if (others) {
      // Records from before owners were kept cannot say whose an entity was: none is shown.
      const owner = facts.owners?.[i];
      const mine =
        owner === -1 || (owner !== undefined && owner >= 0 && view.patients.has(patientIds[owner]!));
      if (!mine) return;
    }
    list.push({
      what: { reference: ref },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    });
  });
  // A query that found others too may name them (their NHS numbers, say).
  if (facts.query !== undefined && !others) {
    list.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
      query: Buffer.from(facts.query, 'utf8').toString('base64'),
    });
  }
  if (facts.detail !== undefined) {
    list.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      name: facts.detail,
      description: subtype === 'operation' ? 'operation' : subtype === 'export' ? 'export job' : 'detail',
    });
  }
  return list;
}
