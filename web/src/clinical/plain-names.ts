import type { MessageId } from '../i18n/catalogue.js';
import { codingKey } from './concept-text.js';
import { DMD, SNOMED } from './code-systems.js';
import type { CodeableConcept } from '../fhir/resources.js';

/**
 * Everyday names for coded entries whose clinical terms are not plain English ("Hypertension" is
 * shown as "High blood pressure"), translated like every other message. The clinical term is still
 * shown next to it, as recorded. Entries not listed here are shown by their recorded term.
 */
const PLAIN_NAMES: ReadonlyMap<string, MessageId> = new Map<string, MessageId>([
  // Health problems
  [codingKey({ system: SNOMED, code: '44054006' }), 'plain.type2Diabetes'],
  [codingKey({ system: SNOMED, code: '38341003' }), 'plain.hypertension'],
  [codingKey({ system: SNOMED, code: '195967001' }), 'plain.asthma'],
  [codingKey({ system: SNOMED, code: '13645005' }), 'plain.copd'],
  [codingKey({ system: SNOMED, code: '53741008' }), 'plain.coronaryHeartDisease'],
  [codingKey({ system: SNOMED, code: '84114007' }), 'plain.heartFailure'],
  [codingKey({ system: SNOMED, code: '396275006' }), 'plain.osteoarthritis'],
  [codingKey({ system: SNOMED, code: '35489007' }), 'plain.depression'],
  [codingKey({ system: SNOMED, code: '40930008' }), 'plain.hypothyroidism'],
  [codingKey({ system: SNOMED, code: '10509002' }), 'plain.acuteBronchitis'],
  [codingKey({ system: SNOMED, code: '29857009' }), 'plain.chestPain'],
  [codingKey({ system: SNOMED, code: '233604007' }), 'plain.pneumonia'],
  // What people are allergic to
  [codingKey({ system: SNOMED, code: '372687004' }), 'plain.amoxicillin'],
  [codingKey({ system: SNOMED, code: '91936005' }), 'plain.penicillinAllergy'],
  [codingKey({ system: SNOMED, code: '91935009' }), 'plain.peanutAllergy'],
  [codingKey({ system: SNOMED, code: '300916003' }), 'plain.latexAllergy'],
  [codingKey({ system: SNOMED, code: '418689008' }), 'plain.grassPollenAllergy'],
  // Reactions
  [codingKey({ system: SNOMED, code: '247472004' }), 'plain.hives'],
  [codingKey({ system: SNOMED, code: '39579001' }), 'plain.anaphylaxis'],
  [codingKey({ system: SNOMED, code: '271807003' }), 'plain.skinRash'],
  [codingKey({ system: SNOMED, code: '76067001' }), 'plain.sneezing'],
  // Vaccines (dm+d products)
  [codingKey({ system: DMD, code: '11278411000001109' }), 'plain.fluVaccine'],
  [codingKey({ system: DMD, code: '39116211000001106' }), 'plain.covidVaccine'],
]);

export function plainNameId(concept: CodeableConcept | undefined): MessageId | undefined {
  for (const coding of concept?.coding ?? []) {
    const id = PLAIN_NAMES.get(codingKey(coding));
    if (id) return id;
  }
  return undefined;
}
