import { codeableConcept } from './code-systems.js';
import type { Hl7Segment } from './hl7-message.js';
import { cxParts, toIdentifier } from './identifiers.js';
import type { MappedIdentifier } from './identifiers.js';
import type { MapContext } from './map-context.js';
import { isDefined } from './is-defined.js';
import type { MappedPatient } from './map-patient.js';
import { locationRef, practitionerRef } from './shared-resources.js';
import type { Ref } from './shared-resources.js';
import { syntheticKey } from './synthetic-key.js';
import type { KeyIdentifier, WriteMode } from './transaction-builder.js';

type Json = Record<string, unknown>;

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** PV1-2 patient class (HL7 table 0004) → Encounter.class (v3 ActCode). */
const CLASS: Record<string, [string, string]> = {
  E: ['EMER', 'emergency'],
  I: ['IMP', 'inpatient encounter'],
  B: ['IMP', 'inpatient encounter'],
  O: ['AMB', 'ambulatory'],
  R: ['AMB', 'ambulatory'],
  P: ['PRENC', 'pre-admission'],
};

/** What each trigger says about the visit; the others are read from the admit and discharge times. */
const STATUS_BY_TRIGGER: Record<string, string> = {
  A01: 'in-progress',
  A02: 'in-progress',
  A03: 'finished',
  A04: 'arrived',
  A05: 'planned',
  A11: 'cancelled',
  A13: 'in-progress',
};

const PARTICIPANTS: [number, string, string][] = [
  [7, 'ATND', 'attender'],
  [8, 'REF', 'referrer'],
  [9, 'CON', 'consultant'],
  [17, 'ADM', 'admitter'],
];

/**
 * PV1 (+ PV2) → Encounter, keyed on the visit number (PV1-19, else the alternate visit id PV1-50, else
 * the patient and admit time). Returns undefined when PV1 describes no visit (class N, or nothing to
 * key it on).
 */
export function mapEncounter(
  ctx: MapContext,
  pv1: Hl7Segment,
  pv2: Hl7Segment | undefined,
  o: { patient: MappedPatient; trigger: string; mode: WriteMode; serviceProvider?: Ref },
): string | undefined {
  const patientClass = pv1.value(2)?.toUpperCase();
  if (patientClass === 'N') return undefined;
  const key = encounterKey(ctx, pv1, o.patient.key);
  if (!key) {
    if (patientClass !== undefined || pv1.value(3) !== undefined) {
      ctx.warn(
        'PV1 has neither a visit number (PV1-19) nor an admit time (PV1-44): no Encounter was written.',
      );
    }
    return undefined;
  }
  const start = ctx.dates.dateTime(pv1.value(44));
  const discharged = o.trigger === 'A13' ? undefined : ctx.dates.dateTime(pv1.value(45));
  const status =
    STATUS_BY_TRIGGER[o.trigger] ??
    (discharged !== undefined ? 'finished' : start !== undefined ? 'in-progress' : 'unknown');
  const identifier = visitIdentifiers(ctx, pv1);
  const encounter: Json = {
    resourceType: 'Encounter',
    ...(identifier.length > 0 && { identifier }),
    status,
    class: encounterClass(patientClass),
    subject: { reference: o.patient.fullUrl },
  };
  const type = codeableConcept(pv1.composite(4), 'http://terminology.hl7.org/CodeSystem/v2-0007');
  if (type) encounter.type = [type];
  const service = codeableConcept(pv1.composite(10), 'http://terminology.hl7.org/CodeSystem/v2-0069');
  if (service) encounter.serviceType = service;
  const participant = participants(ctx, pv1);
  if (participant.length > 0) encounter.participant = participant;
  if (start !== undefined || discharged !== undefined) {
    encounter.period = { ...(start && { start }), ...(discharged && { end: discharged }) };
  }
  const reason = codeableConcept(pv2?.composite(3));
  if (reason) encounter.reasonCode = [reason];
  const hospitalization = hospitalisation(ctx, pv1);
  if (hospitalization) encounter.hospitalization = hospitalization;
  const location = locations(ctx, pv1, status);
  if (location.length > 0) encounter.location = location;
  if (o.serviceProvider?.reference) encounter.serviceProvider = o.serviceProvider;
  return ctx.builder.add('Encounter', key, encounter as Json & { resourceType: string }, o.mode);
}

/** The visit number and alternate visit id (PV1-19, PV1-50), as identifiers. */
function visitIdentifiers(ctx: MapContext, pv1: Hl7Segment): MappedIdentifier[] {
  return [19, 50]
    .map((field) => pv1.composite(field))
    .map((cx) => (cx ? toIdentifier(cxParts(cx, ctx.dates.date), ctx.localSystem)?.identifier : undefined))
    .filter(isDefined);
}

function encounterKey(
  ctx: MapContext,
  pv1: Hl7Segment,
  patientKey: KeyIdentifier,
): KeyIdentifier | undefined {
  const visit = visitIdentifiers(ctx, pv1)[0];
  if (visit) return { system: visit.system, value: visit.value };
  const admitted = ctx.dates.dateTime(pv1.value(44));
  if (admitted === undefined) return undefined;
  return syntheticKey('encounter', [patientKey.system, patientKey.value, admitted]);
}

function encounterClass(code: string | undefined): Json {
  if (code === undefined || code === 'U') {
    return { system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK', display: 'unknown' };
  }
  const mapped = CLASS[code];
  if (mapped) return { system: ACT_CODE, code: mapped[0], display: mapped[1] };
  return { system: 'http://terminology.hl7.org/CodeSystem/v2-0004', code };
}

function participants(ctx: MapContext, pv1: Hl7Segment): Json[] {
  const out: Json[] = [];
  for (const [field, code, display] of PARTICIPANTS) {
    for (const xcn of pv1.repetitions(field)) {
      const individual = practitionerRef(ctx, xcn);
      if (!individual) continue;
      out.push({
        type: [
          {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code, display }],
          },
        ],
        individual,
      });
    }
  }
  return out;
}

function hospitalisation(ctx: MapContext, pv1: Hl7Segment): Json | undefined {
  const preAdmission = pv1.composite(5);
  const preId = preAdmission
    ? toIdentifier(cxParts(preAdmission, ctx.dates.date), ctx.localSystem)
    : undefined;
  const out: Json = {
    ...(preId && { preAdmissionIdentifier: preId.identifier }),
    ...optional(
      'admitSource',
      codeableConcept(pv1.composite(14), 'http://terminology.hl7.org/CodeSystem/v2-0023'),
    ),
    ...optional(
      'reAdmission',
      codeableConcept(pv1.composite(13), 'http://terminology.hl7.org/CodeSystem/v2-0092'),
    ),
    ...optional(
      'dischargeDisposition',
      codeableConcept(pv1.composite(36), 'http://terminology.hl7.org/CodeSystem/v2-0112'),
    ),
  };
  const diet = codeableConcept(pv1.composite(38));
  if (diet) out.dietPreference = [diet];
  return Object.keys(out).length > 0 ? out : undefined;
}

function locations(ctx: MapContext, pv1: Hl7Segment, status: string): Json[] {
  const over = status === 'finished' || status === 'cancelled';
  const entries: [number, string][] = [
    [3, over ? 'completed' : status === 'planned' ? 'planned' : 'active'],
    [6, 'completed'],
    [42, 'planned'],
  ];
  return entries
    .map(([field, locationStatus]) => {
      const ref = locationRef(ctx, pv1.composite(field));
      return ref ? { location: ref, status: locationStatus } : undefined;
    })
    .filter(isDefined);
}

function optional(name: string, value: unknown): Json {
  return value === undefined ? {} : { [name]: value };
}
