import type { Encounter } from '../fhir/resources.js';
import type { MessageId } from '../i18n/catalogue.js';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** What kind of contact an encounter was, in everyday words, from its class (v3 ActCode). */
export function encounterKindId(encounter: Encounter): MessageId {
  const c = encounter.class;
  if (!c || (c.system !== undefined && c.system !== ACT_CODE)) return 'encounter.kind.other';
  switch (c.code) {
    case 'AMB':
      return 'encounter.kind.appointment';
    case 'VR':
      return 'encounter.kind.remote';
    case 'EMER':
      return 'encounter.kind.emergency';
    case 'IMP':
    case 'ACUTE':
    case 'NONAC':
      return 'encounter.kind.stay';
    case 'SS':
      return 'encounter.kind.dayCase';
    case 'HH':
      return 'encounter.kind.home';
    default:
      return 'encounter.kind.other';
  }
}

const UPCOMING = new Set(['planned', 'arrived', 'triaged', 'in-progress']);

export function isUpcoming(encounter: Encounter, now: Date): boolean {
  if (UPCOMING.has(encounter.status ?? '')) return true;
  const start = encounter.period?.start ? new Date(encounter.period.start) : undefined;
  return encounter.status !== 'finished' && start !== undefined && start > now;
}
