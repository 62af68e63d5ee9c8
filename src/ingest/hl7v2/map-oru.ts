import { Hl7MappingError } from './mapping-error.js';
import type { MapContext } from './map-context.js';
import { mapEncounter } from './map-encounter.js';
import { mapPatient } from './map-patient.js';
import type { MappedPatient } from './map-patient.js';
import { mapLooseObservation, mapOrder } from './map-results.js';
import type { OrderGroup, ResultGroup } from './map-results.js';
import type { Ref } from './shared-resources.js';
import type { Hl7Segment } from './hl7-message.js';

interface PatientGroup {
  pid: Hl7Segment;
  pv1?: Hl7Segment;
  pv2?: Hl7Segment;
  orders: OrderGroup[];
  loose: ResultGroup[];
}

/**
 * Groups ORU^R01 segments the way its structure nests them (PATIENT_RESULT → PATIENT, ORDER_OBSERVATION
 * → OBSERVATION): each NTE belongs to the OBX or OBR just before it. Segments the mapping does not use
 * (SPM, TQ1, CTD, PRT, FT1…) are skipped without ending the group they sit in.
 */
function groupSegments(segments: readonly Hl7Segment[]): PatientGroup[] {
  const patients: PatientGroup[] = [];
  let orc: Hl7Segment | undefined;
  let noteTarget: { notes: Hl7Segment[] } | undefined;
  for (const s of segments) {
    const patient = patients.at(-1);
    switch (s.id) {
      case 'PID':
        patients.push({ pid: s, orders: [], loose: [] });
        orc = undefined;
        noteTarget = undefined;
        break;
      case 'PV1':
        if (patient) patient.pv1 = s;
        break;
      case 'PV2':
        if (patient) patient.pv2 = s;
        break;
      case 'ORC':
        orc = s;
        break;
      case 'OBR': {
        if (!patient) throw new Hl7MappingError('An OBR comes before any PID: the results name no patient.');
        const order: OrderGroup = { orc, obr: s, notes: [], results: [] };
        patient.orders.push(order);
        noteTarget = order;
        orc = undefined;
        break;
      }
      case 'OBX': {
        if (!patient) throw new Hl7MappingError('An OBX comes before any PID: the result names no patient.');
        const result: ResultGroup = { obx: s, notes: [] };
        const order = patient.orders.at(-1);
        if (order) order.results.push(result);
        else patient.loose.push(result);
        noteTarget = result;
        break;
      }
      case 'NTE':
        noteTarget?.notes.push(s);
        break;
      case 'SPM':
        noteTarget = undefined;
        break;
    }
  }
  return patients;
}

/**
 * ORU^R01 → for each patient, DiagnosticReport per OBR and Observation per OBX (upserted: a corrected
 * result replaces the earlier version). The patient and visit are only created when unknown: the ADT
 * feed, not a lab result, is the source of demographics.
 */
export function mapOru(ctx: MapContext, custodian: Ref | undefined): void {
  const groups = groupSegments(ctx.message.segments);
  if (groups.length === 0)
    throw new Hl7MappingError('ORU^R01 has no PID segment: the results name no patient.');
  for (const g of groups) {
    const patient: MappedPatient = mapPatient(ctx, g.pid, { mode: 'create-if-absent', custodian });
    const encounter = g.pv1
      ? mapEncounter(ctx, g.pv1, g.pv2, {
          patient,
          trigger: 'R01',
          mode: 'create-if-absent',
          serviceProvider: custodian,
        })
      : undefined;
    if (g.orders.length === 0 && g.loose.length === 0) {
      ctx.warn('ORU^R01 carries no OBR or OBX for a patient: only the patient was recorded.');
    }
    for (const order of g.orders) mapOrder(ctx, order, { patient, encounter });
    g.loose.forEach((r, i) => mapLooseObservation(ctx, r, { patient, encounter }, i));
  }
}
