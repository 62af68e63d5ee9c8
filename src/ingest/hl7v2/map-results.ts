import { codeableConcept, tableCoding } from './code-systems.js';
import type { CodeableConcept } from './code-systems.js';
import { leaf } from './hl7-message.js';
import type { Hl7Composite, Hl7Segment } from './hl7-message.js';
import { eiParts, toIdentifier } from './identifiers.js';
import { Hl7MappingError } from './mapping-error.js';
import type { MapContext } from './map-context.js';
import { isDefined } from './is-defined.js';
import type { MappedPatient } from './map-patient.js';
import { observationValue, referenceRange } from './observation-value.js';
import { practitionerRef } from './shared-resources.js';
import { syntheticKey } from './synthetic-key.js';
import type { KeyIdentifier } from './transaction-builder.js';

type Json = Record<string, unknown> & { resourceType: string };

export interface ResultGroup {
  obx: Hl7Segment;
  notes: Hl7Segment[];
}

export interface OrderGroup {
  orc?: Hl7Segment;
  obr: Hl7Segment;
  notes: Hl7Segment[];
  results: ResultGroup[];
}

/** OBX-11 / OBR-25 result status (HL7 table 0085 / 0123) → Observation.status. */
const OBSERVATION_STATUS: Record<string, string> = {
  C: 'corrected',
  D: 'entered-in-error',
  W: 'entered-in-error',
  F: 'final',
  U: 'final',
  I: 'registered',
  O: 'registered',
  P: 'preliminary',
  R: 'preliminary',
  S: 'preliminary',
  X: 'cancelled',
  N: 'cancelled',
};

/** OBR-25 result status (table 0123) → DiagnosticReport.status. */
const REPORT_STATUS: Record<string, string> = {
  O: 'registered',
  I: 'registered',
  S: 'registered',
  A: 'partial',
  P: 'preliminary',
  R: 'partial',
  F: 'final',
  C: 'corrected',
  X: 'cancelled',
};

/** v2 abnormal flags (table 0078) that are also v3 ObservationInterpretation codes. */
const INTERPRETATION = new Set(
  'L H LL HH < > A AA N S R I MS VS IND E NEG POS DET ND NR RR W B U D HU LU H> L< CAR EX HX LX'.split(' '),
);

interface ResultContext {
  patient: MappedPatient;
  encounter?: string;
}

/** OBR with its OBX and NTE → DiagnosticReport + Observations (upserts: a corrected report replaces). */
export function mapOrder(ctx: MapContext, group: OrderGroup, rc: ResultContext): string {
  const obr = group.obr;
  const code = codeableConcept(obr.composite(4));
  if (!code) {
    throw new Hl7MappingError('OBR-4 (universal service identifier) is empty: the report has no code.', {
      segment: 'OBR',
      sequence: obr.sequence,
      field: 4,
    });
  }
  // Filler order number first: it names the report the lab produced; the placer's names the request.
  const orders: [Hl7Composite | undefined, string][] = [
    [obr.composite(3) ?? group.orc?.composite(3), 'FILL'],
    [obr.composite(2) ?? group.orc?.composite(2), 'PLAC'],
  ];
  const identifiers = orders
    .map(([ei, typeCode]) =>
      ei ? toIdentifier({ ...eiParts(ei), typeCode }, ctx.localSystem)?.identifier : undefined,
    )
    .filter(isDefined);
  const key: KeyIdentifier =
    identifiers[0] ??
    syntheticKey('diagnostic-report', [
      rc.patient.key.system,
      rc.patient.key.value,
      code.coding?.[0]?.code ?? code.text,
      obr.value(7),
    ]);
  const results = group.results
    .map((r, i) =>
      mapObservation(ctx, r, rc, { reportKey: key, obr, occurrence: occurrence(group.results, i) }),
    )
    .filter(isDefined);
  const report: Json = {
    resourceType: 'DiagnosticReport',
    identifier: identifiers,
    status: REPORT_STATUS[obr.value(25)?.toUpperCase() ?? ''] ?? 'unknown',
    code,
    subject: { reference: rc.patient.fullUrl },
  };
  const category = tableCoding(obr.value(24), '0074');
  if (category) report.category = [{ coding: [category] }];
  if (rc.encounter) report.encounter = { reference: rc.encounter };
  const start = ctx.dates.dateTime(obr.value(7));
  const end = ctx.dates.dateTime(obr.value(8));
  if (start && end) report.effectivePeriod = { start, end };
  else if (start) report.effectiveDateTime = start;
  const issued = ctx.dates.instant(obr.value(22));
  if (issued) report.issued = issued;
  const interpreter = practitionerRef(ctx, cnnAsXcn(obr.composite(32)));
  if (interpreter) report.resultsInterpreter = [interpreter];
  if (results.length > 0) report.result = results.map((reference) => ({ reference }));
  // R4's DiagnosticReport has no notes: comments on the whole report are its conclusion text.
  const conclusion = group.notes.map(noteText).filter(isDefined).join('\n');
  if (conclusion !== '') report.conclusion = conclusion;
  return ctx.builder.add('DiagnosticReport', key, report, 'upsert');
}

/** An OBX outside any OBR (a patient-level observation in ORU_R01's PATIENT group). */
export function mapLooseObservation(
  ctx: MapContext,
  group: ResultGroup,
  rc: ResultContext,
  index: number,
): string | undefined {
  return mapObservation(ctx, group, rc, { occurrence: index });
}

function mapObservation(
  ctx: MapContext,
  group: ResultGroup,
  rc: ResultContext,
  o: { reportKey?: KeyIdentifier; obr?: Hl7Segment; occurrence: number },
): string | undefined {
  const obx = group.obx;
  const code = codeableConcept(obx.composite(3));
  if (!code) {
    ctx.warn(`OBX (segment ${obx.sequence}) has no observation identifier (OBX-3): it was not mapped.`);
    return undefined;
  }
  const observation: Json = {
    resourceType: 'Observation',
    status: OBSERVATION_STATUS[obx.value(11)?.toUpperCase() ?? ''] ?? 'unknown',
    code,
    subject: { reference: rc.patient.fullUrl },
  };
  if (rc.encounter) observation.encounter = { reference: rc.encounter };
  const effective = ctx.dates.dateTime(obx.value(14)) ?? ctx.dates.dateTime(o.obr?.value(7));
  if (effective) observation.effectiveDateTime = effective;
  const issued = ctx.dates.instant(o.obr?.value(22));
  if (issued) observation.issued = issued;
  const performers = obx
    .repetitions(16)
    .map((xcn) => practitionerRef(ctx, xcn))
    .filter(isDefined);
  if (performers.length > 0) observation.performer = performers;
  Object.assign(observation, observationValue(ctx, obx));
  const interpretation = obx
    .repetitions(8)
    .map((c) => interpretationConcept(c))
    .filter(isDefined);
  if (interpretation.length > 0) observation.interpretation = interpretation;
  const notes = group.notes.map(noteText).filter(isDefined);
  if (notes.length > 0) observation.note = notes.map((text) => ({ text }));
  const method = codeableConcept(obx.composite(17));
  if (method) observation.method = method;
  const range = referenceRange(obx);
  if (range.length > 0) observation.referenceRange = range;

  const own = obx.composite(21) ? toIdentifier(eiParts(obx.composite(21)!), ctx.localSystem) : undefined;
  const scope = o.reportKey ?? rc.patient.key;
  const key: KeyIdentifier = own
    ? { system: own.identifier.system, value: own.identifier.value }
    : syntheticKey('observation', [
        scope.system,
        scope.value,
        code.coding?.[0]?.system,
        code.coding?.[0]?.code ?? code.text,
        obx.value(4),
        String(o.occurrence),
        o.reportKey ? undefined : effective,
      ]);
  return ctx.builder.add('Observation', key, observation, 'upsert');
}

/** How many earlier results of the group share this one's code and sub-id (for a stable key). */
function occurrence(results: ResultGroup[], index: number): number {
  const sig = (r: ResultGroup) =>
    `${r.obx.value(3) ?? ''}|${r.obx.value(3, 3) ?? ''}|${r.obx.value(4) ?? ''}`;
  const mine = sig(results[index]!);
  return results.slice(0, index).filter((r) => sig(r) === mine).length;
}

function interpretationConcept(c: Hl7Composite): CodeableConcept | undefined {
  const code = leaf(c, 1);
  if (code === undefined) return undefined;
  const known = INTERPRETATION.has(code);
  const display = leaf(c, 2);
  return {
    coding: [
      {
        system: known
          ? 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation'
          : 'http://terminology.hl7.org/CodeSystem/v2-0078',
        code,
        ...(display !== undefined && display !== code && { display }),
      },
    ],
  };
}

/** NTE-3 (formatted text, repeating) as one string. */
function noteText(nte: Hl7Segment): string | undefined {
  const text = nte
    .repetitions(3)
    .map((c) => c.map((sub) => sub.join('&')).join('^'))
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/**
 * OBR-32's NDL keeps the person in CNN subcomponents (id&family&given&…&authority…): reshaped as an XCN
 * so the practitioner mapping applies.
 */
function cnnAsXcn(ndl: Hl7Composite | undefined): Hl7Composite | undefined {
  const cnn = ndl?.[0];
  if (!cnn || cnn.every((s) => s.trim() === '')) return undefined;
  const at = (i: number) => cnn[i] ?? '';
  return [[at(0)], [at(1)], [at(2)], [at(3)], [at(4)], [at(5)], [at(6)], [at(7)], [at(8), at(9), at(10)]];
}
