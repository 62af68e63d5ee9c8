import { codeableConcept } from './code-systems.js';
import { leaf } from './hl7-message.js';
import type { Hl7Segment } from './hl7-message.js';
import type { MapContext } from './map-context.js';
import type { MappedPatient } from './map-patient.js';
import { syntheticKey } from './synthetic-key.js';
import type { WriteMode } from './transaction-builder.js';

type Json = Record<string, unknown>;

/** AL1-2 allergen type (HL7 table 0127) → AllergyIntolerance.category. */
const CATEGORY: Record<string, string> = {
  DA: 'medication',
  MA: 'medication',
  FA: 'food',
  EA: 'environment',
  AA: 'environment',
  PA: 'environment',
  LA: 'environment',
};

/** AL1-4 severity (table 0128) → reaction.severity. */
const SEVERITY: Record<string, string> = { SV: 'severe', MO: 'moderate', MI: 'mild' };

/**
 * AL1 → AllergyIntolerance, keyed on the patient and the allergen, so the same allergy sent in every
 * ADT message stays one record. AL1-1 is only a position in the message, never an identity.
 */
export function mapAllergy(
  ctx: MapContext,
  al1: Hl7Segment,
  patient: MappedPatient,
  mode: WriteMode,
): string | undefined {
  const code = codeableConcept(al1.composite(3));
  if (!code) {
    ctx.warn(`AL1 (segment ${al1.sequence}) names no allergen (AL1-3): it was not mapped.`);
    return undefined;
  }
  const allergen = leaf(al1.composite(3), 1) ?? leaf(al1.composite(3), 2) ?? code.text;
  const type = al1.value(2)?.toUpperCase();
  const allergy: Json = {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    code,
    patient: { reference: patient.fullUrl },
  };
  const category = type === undefined ? undefined : CATEGORY[type];
  // Every type in table 0127 that has a category is an allergy; MC (contraindication) is not.
  if (category) {
    allergy.category = [category];
    allergy.type = 'allergy';
  }
  const onset = ctx.dates.dateTime(al1.value(6));
  if (onset) allergy.onsetDateTime = onset;
  // A reaction needs a manifestation in FHIR; a severity alone has nowhere to go.
  const manifestations = al1
    .repetitions(5)
    .map((c) => leaf(c, 1))
    .filter((v): v is string => v !== undefined);
  if (manifestations.length > 0) {
    const severity = SEVERITY[al1.value(4)?.toUpperCase() ?? ''];
    allergy.reaction = [
      {
        manifestation: manifestations.map((text) => ({ text })),
        ...(severity !== undefined && { severity }),
      },
    ];
  }
  const key = syntheticKey('allergy-intolerance', [patient.key.system, patient.key.value, allergen]);
  return ctx.builder.add('AllergyIntolerance', key, allergy as Json & { resourceType: string }, mode);
}
