import { mapAllergy } from './map-allergy.js';
import { mapCondition } from './map-condition.js';
import { Hl7MappingError } from './mapping-error.js';
import type { MapContext } from './map-context.js';
import { mapEncounter } from './map-encounter.js';
import { mapPatient } from './map-patient.js';
import { mapLooseObservation } from './map-results.js';
import type { ResultGroup } from './map-results.js';
import type { Ref } from './shared-resources.js';

/**
 * ADT events that carry a patient (and usually a visit): the message is the sending system's current
 * picture, so Patient, Encounter, allergies and diagnoses are upserted from it.
 */
export function mapAdt(ctx: MapContext, trigger: string, custodian: Ref | undefined): void {
  const { message } = ctx;
  const pid = message.segment('PID');
  if (!pid) throw new Hl7MappingError(`ADT^${trigger} has no PID segment.`);
  const patient = mapPatient(ctx, pid, {
    mode: 'upsert',
    pd1: message.segment('PD1'),
    nk1: message.all('NK1'),
    custodian,
  });
  const pv1 = message.segment('PV1');
  let encounter: string | undefined;
  let encounterKey: string | undefined;
  if (pv1) {
    encounter = mapEncounter(ctx, pv1, message.segment('PV2'), {
      patient,
      trigger,
      mode: 'upsert',
      serviceProvider: custodian,
    });
    encounterKey = encounter && ctx.builder.entries().find((e) => e.fullUrl === encounter)?.key.value;
  }
  for (const al1 of message.all('AL1')) mapAllergy(ctx, al1, patient, 'upsert');
  for (const dg1 of message.all('DG1')) {
    mapCondition(ctx, dg1, { patient, encounter, encounterKey, mode: 'upsert' });
  }
  // ADT messages may carry observations (height, weight) in OBX with their NTE.
  const groups: ResultGroup[] = [];
  let previous = '';
  for (const s of message.segments) {
    if (s.id === 'OBX') groups.push({ obx: s, notes: [] });
    else if (s.id === 'NTE' && (previous === 'OBX' || previous === 'NTE')) groups.at(-1)?.notes.push(s);
    if (s.id !== 'NTE' || previous !== 'NTE') previous = s.id;
  }
  groups.forEach((g, i) => mapLooseObservation(ctx, g, { patient, encounter }, i));
}
