import type { FhirResource } from '../../fhir/index.js';
import { codeableConcept } from './code-systems.js';
import type { CodeableConcept } from './code-systems.js';
import { leaf } from './hl7-message.js';
import type { Hl7Segment } from './hl7-message.js';
import { cxParts, toIdentifier } from './identifiers.js';
import type { IdentifierResult } from './identifiers.js';
import { isDefined } from './is-defined.js';
import { Hl7MappingError } from './mapping-error.js';
import type { MapContext } from './map-context.js';
import { address, contactPoint, humanName } from './person-data-types.js';
import { organizationFromXon, practitionerRef } from './shared-resources.js';
import type { Ref } from './shared-resources.js';
import { NHS_NUMBER_SYSTEM } from './systems.js';
import type { KeyIdentifier, WriteMode } from './transaction-builder.js';

type Json = Record<string, unknown>;

export interface MappedPatient {
  fullUrl: string;
  key: KeyIdentifier;
}

const GENDER: Record<string, string> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

/** HL7 table 0002 → v3 MaritalStatus (the binding FHIR prefers); codes with no match keep v2's. */
const MARITAL: Record<string, string> = {
  A: 'L',
  B: 'U',
  C: 'T',
  D: 'D',
  E: 'L',
  G: 'T',
  I: 'I',
  M: 'M',
  N: 'A',
  P: 'T',
  R: 'T',
  S: 'S',
  W: 'W',
};

/**
 * The identifiers of a PID (PID-3, and the older PID-2 and PID-4) and the one the record is keyed on:
 * a local id (MR first) rather than the NHS number, so that each source keeps its own Patient record
 * and one hospital's message never overwrites another's (linking them is the identity service's job).
 */
export function patientIdentifiers(
  ctx: MapContext,
  pid: Hl7Segment,
): { all: IdentifierResult[]; key: KeyIdentifier } {
  const all: IdentifierResult[] = [];
  const seen = new Set<string>();
  for (const field of [3, 2, 4]) {
    for (const cx of pid.repetitions(field)) {
      const id = toIdentifier(cxParts(cx, ctx.dates.date), ctx.localSystem);
      if (!id) continue;
      if (id.warning) ctx.warn(`PID-${field}: ${id.warning}`);
      const k = `${id.identifier.system}|${id.identifier.value}`;
      if (seen.has(k)) continue;
      seen.add(k);
      all.push(id);
    }
  }
  const local = all.filter((i) => i.identifier.system !== NHS_NUMBER_SYSTEM);
  const chosen = local.find((i) => i.identifier.type?.coding?.[0]?.code === 'MR') ?? local[0] ?? all[0];
  if (!chosen) {
    throw new Hl7MappingError('PID-3 (patient identifier list) holds no identifier.', {
      segment: 'PID',
      sequence: pid.sequence,
      field: 3,
    });
  }
  return { all, key: { system: chosen.identifier.system, value: chosen.identifier.value } };
}

export function mapPatient(
  ctx: MapContext,
  pid: Hl7Segment,
  options: { mode: WriteMode; pd1?: Hl7Segment; nk1?: Hl7Segment[]; custodian?: Ref; link?: Json[] },
): MappedPatient {
  const { all, key } = patientIdentifiers(ctx, pid);
  const patient: FhirResource & Json = {
    resourceType: 'Patient',
    identifier: all.map((i) => i.identifier),
    active: true,
  };
  const names = pid
    .repetitions(5)
    .map((c) => humanName(c, ctx.dates))
    .filter(isDefined);
  if (names.length > 0) patient.name = names;
  const telecom = [...pid.repetitions(13), ...pid.repetitions(14), ...pid.repetitions(40)]
    .map(contactPoint)
    .filter(isDefined);
  if (telecom.length > 0) patient.telecom = dedupe(telecom);
  const gender = pid.value(8)?.toUpperCase();
  if (gender !== undefined) {
    if (GENDER[gender]) patient.gender = GENDER[gender];
    else
      ctx.warn(
        `PID-8: administrative sex "${gender.slice(0, 8)}" is not in HL7 table 0001 and was not mapped.`,
      );
  }
  birth(ctx, pid, patient);
  deceased(ctx, pid, patient);
  const addresses = pid
    .repetitions(11)
    .map((c) => address(c, ctx.dates))
    .filter(isDefined);
  if (addresses.length > 0) patient.address = addresses;
  const marital = maritalStatus(pid);
  if (marital) patient.maritalStatus = marital;
  const multiple = pid.value(24)?.toUpperCase();
  const order = Number(pid.value(25));
  if (Number.isInteger(order) && order > 0) patient.multipleBirthInteger = order;
  else if (multiple === 'Y' || multiple === 'N') patient.multipleBirthBoolean = multiple === 'Y';
  const language = codeableConcept(pid.composite(15));
  if (language) patient.communication = [{ language, preferred: true }];
  const maiden = pid.composite(6);
  const maidenFamily = maiden ? humanName(maiden, ctx.dates)?.family : undefined;
  if (typeof maidenFamily === 'string') {
    patient.extension = [
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: maidenFamily },
    ];
  }
  const contacts = (options.nk1 ?? []).map((nk1) => contact(ctx, nk1)).filter(isDefined);
  if (contacts.length > 0) patient.contact = contacts;
  const gp = generalPractitioners(ctx, options.pd1);
  if (gp.length > 0) patient.generalPractitioner = gp;
  if (options.custodian?.reference) patient.managingOrganization = options.custodian;
  if (options.link && options.link.length > 0) patient.link = options.link;

  const fullUrl = ctx.builder.add('Patient', key, patient, options.mode);
  return { fullUrl, key };
}

function birth(ctx: MapContext, pid: Hl7Segment, patient: Json): void {
  const raw = pid.value(7);
  if (raw === undefined) return;
  const date = ctx.dates.date(raw);
  if (date === undefined) {
    ctx.warn('PID-7: the date of birth is not a valid HL7 date and was not mapped.');
    return;
  }
  patient.birthDate = date;
  const time = ctx.dates.instant(raw);
  if (time !== undefined && !/T00:00:00/.test(time)) {
    patient._birthDate = {
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: time }],
    };
  }
}

function deceased(ctx: MapContext, pid: Hl7Segment, patient: Json): void {
  const when = ctx.dates.dateTime(pid.value(29));
  const flag = pid.value(30)?.toUpperCase();
  if (when !== undefined && flag !== 'N') patient.deceasedDateTime = when;
  else if (flag === 'Y' || flag === 'N') patient.deceasedBoolean = flag === 'Y';
}

function maritalStatus(pid: Hl7Segment): CodeableConcept | undefined {
  const c = pid.composite(16);
  const concept = codeableConcept(c, 'http://terminology.hl7.org/CodeSystem/v2-0002');
  const code = leaf(c, 1)?.toUpperCase();
  if (!concept || code === undefined) return concept;
  const v3 = code === 'U' ? undefined : MARITAL[code];
  const coding =
    code === 'U'
      ? { system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK', display: 'unknown' }
      : v3 === undefined
        ? undefined
        : { system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: v3 };
  if (!coding) return concept;
  return { ...concept, coding: [coding, ...(concept.coding ?? [])] };
}

/** NK1 → Patient.contact (next of kin and other contacts). */
function contact(ctx: MapContext, nk1: Hl7Segment): Json | undefined {
  const name = nk1.composite(2) ? humanName(nk1.composite(2)!, ctx.dates) : undefined;
  const relationship = [
    codeableConcept(nk1.composite(7), 'http://terminology.hl7.org/CodeSystem/v2-0131'),
    codeableConcept(nk1.composite(3), 'http://terminology.hl7.org/CodeSystem/v2-0063'),
  ].filter(isDefined);
  const telecom = [...nk1.repetitions(5), ...nk1.repetitions(6)].map(contactPoint).filter(isDefined);
  const addr = nk1.composite(4) ? address(nk1.composite(4)!, ctx.dates) : undefined;
  const organization = leaf(nk1.composite(13), 1);
  if (!name && telecom.length === 0 && !addr && organization === undefined) return undefined;
  const gender = nk1.value(15)?.toUpperCase();
  return {
    ...(relationship.length > 0 && { relationship }),
    ...(name && { name }),
    ...(telecom.length > 0 && { telecom: dedupe(telecom) }),
    ...(addr && { address: addr }),
    ...(gender !== undefined && GENDER[gender] !== undefined && { gender: GENDER[gender] }),
    ...(organization !== undefined && { organization: { display: organization } }),
  };
}

/** PD1-3 (the registered practice) and PD1-4 (the GP) → Patient.generalPractitioner. */
function generalPractitioners(ctx: MapContext, pd1: Hl7Segment | undefined): Ref[] {
  if (!pd1) return [];
  const refs: Ref[] = [];
  for (const xon of pd1.repetitions(3)) {
    const r = organizationFromXon(ctx, xon);
    if (r) refs.push(r);
  }
  for (const xcn of pd1.repetitions(4)) {
    const r = practitionerRef(ctx, xcn);
    if (r) refs.push(r);
  }
  return refs;
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = JSON.stringify(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
