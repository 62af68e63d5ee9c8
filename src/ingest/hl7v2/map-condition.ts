import { codeableConcept } from './code-systems.js';
import { leaf } from './hl7-message.js';
import type { Hl7Segment } from './hl7-message.js';
import { eiParts, toIdentifier } from './identifiers.js';
import type { MapContext } from './map-context.js';
import type { MappedPatient } from './map-patient.js';
import { practitionerRef } from './shared-resources.js';
import { syntheticKey } from './synthetic-key.js';
import type { KeyIdentifier, WriteMode } from './transaction-builder.js';

type Json = Record<string, unknown>;

/** DG1-6 diagnosis type (table 0052): only a final diagnosis is confirmed. */
const VERIFICATION: Record<string, string> = { F: 'confirmed', A: 'provisional', W: 'provisional' };

/**
 * DG1 → Condition (an encounter diagnosis), keyed on DG1-20 when the sender gives diagnoses an id,
 * else on the patient, the visit and the code.
 */
export function mapCondition(
  ctx: MapContext,
  dg1: Hl7Segment,
  o: { patient: MappedPatient; encounter?: string; encounterKey?: string; mode: WriteMode },
): string | undefined {
  const coding = dg1.composite(3);
  const system = coding && leaf(coding, 3) === undefined ? dg1.value(2) : undefined;
  const code =
    codeableConcept(coding && system ? withSystem(coding, system) : coding) ??
    (dg1.value(4) !== undefined ? { text: dg1.value(4)! } : undefined);
  if (!code) {
    ctx.warn(`DG1 (segment ${dg1.sequence}) has no diagnosis code or description: it was not mapped.`);
    return undefined;
  }
  const condition: Json = {
    resourceType: 'Condition',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code,
    subject: { reference: o.patient.fullUrl },
  };
  const verification = VERIFICATION[dg1.value(6)?.toUpperCase() ?? ''];
  if (verification) {
    condition.verificationStatus = {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }],
    };
  }
  if (o.encounter) condition.encounter = { reference: o.encounter };
  const recorded = ctx.dates.dateTime(dg1.value(5));
  if (recorded) condition.recordedDate = recorded;
  const asserter = practitionerRef(ctx, dg1.composite(16));
  if (asserter) condition.asserter = asserter;

  const ei = dg1.composite(20);
  const own = ei ? toIdentifier(eiParts(ei), ctx.localSystem) : undefined;
  const key: KeyIdentifier = own
    ? { system: own.identifier.system, value: own.identifier.value }
    : syntheticKey('condition', [
        o.patient.key.system,
        o.patient.key.value,
        o.encounterKey,
        code.coding?.[0]?.system,
        code.coding?.[0]?.code ?? code.text,
      ]);
  return ctx.builder.add('Condition', key, condition as Json & { resourceType: string }, o.mode);
}

/** DG1-2 (the deprecated coding method) names the system when DG1-3 leaves it out. */
function withSystem(c: readonly (readonly string[])[], system: string): (readonly string[])[] {
  const out = c.map((sub) => [...sub]);
  while (out.length < 3) out.push(['']);
  out[2] = [system];
  return out;
}
