import { conceptMatches } from '../../clinical/concept-text.js';
import { KNOWN_TESTS } from '../../clinical/known-tests.js';
import type { KnownTest } from '../../clinical/known-tests.js';
import { observationDate } from '../../clinical/observation-values.js';
import type { Observation } from '../../fhir/resources.js';

const NOT_A_RESULT = new Set(['entered-in-error', 'cancelled']);

/** Results that are results: not entered in error, not cancelled. */
export function usableResults(observations: Observation[]): Observation[] {
  return observations.filter((o) => !NOT_A_RESULT.has(o.status ?? ''));
}

export function knownTestOf(o: Observation): KnownTest | undefined {
  return KNOWN_TESTS.find((t) => conceptMatches(o.code, t.codes));
}

/** Newest first, by when the result was taken. */
export function newestFirst(a: Observation, b: Observation): number {
  return (observationDate(b) ?? '').localeCompare(observationDate(a) ?? '');
}
