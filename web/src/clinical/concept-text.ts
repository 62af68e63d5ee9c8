import type { CodeableConcept, Coding } from '../fhir/resources.js';

/**
 * The words a record uses for a coded entry: its text, else the first coding's display. Codes are
 * never shown in their place; an entry with neither has no words to show.
 */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  const text = concept?.text?.trim();
  if (text) return text;
  return concept?.coding?.map((c) => c.display?.trim()).find((d): d is string => !!d);
}

export function codingKey(coding: Pick<Coding, 'system' | 'code'>): string {
  return `${coding.system ?? ''}|${coding.code ?? ''}`;
}

export interface CodeMatch {
  system: string;
  code: string;
}

export function conceptMatches(concept: CodeableConcept | undefined, codes: readonly CodeMatch[]): boolean {
  return (concept?.coding ?? []).some((c) => codes.some((m) => m.system === c.system && m.code === c.code));
}

/** The token search value for alternatives: `system|code,system|code`. */
export function tokenValues(codes: readonly CodeMatch[]): string[] {
  return codes.map((c) => `${c.system}|${c.code}`);
}
