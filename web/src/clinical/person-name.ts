import type { HumanName } from '../fhir/resources.js';

/** "Priya Kaur": the official (else first) name, given names then family name, without titles. */
export function personName(names: HumanName[] | undefined): string | undefined {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) return undefined;
  if (name.text?.trim()) return name.text.trim();
  const text = [...(name.given ?? []), name.family ?? ''].join(' ').trim();
  return text || undefined;
}
