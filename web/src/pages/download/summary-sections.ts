import { conceptText } from '../../clinical/concept-text.js';
import type { Bundle, CodeableConcept, FhirResource } from '../../fhir/resources.js';

/** One section of the patient summary, as a list of plain-English lines. */
export interface SummarySection {
  title: string;
  lines: string[];
}

interface CompositionSection {
  title?: string;
  code?: CodeableConcept;
  entry?: { reference?: string }[];
}

const text = (value: unknown): string | undefined =>
  value && typeof value === 'object' ? conceptText(value as CodeableConcept) : undefined;

/** What one entry says, in a line: the coded name, with a value or date where there is one. */
function lineOf(resource: FhirResource): string | undefined {
  const r = resource as Record<string, unknown>;
  const name = text(r.code) ?? text(r.medicationCodeableConcept) ?? text(r.vaccineCode) ?? text(r.substance);
  if (!name) return undefined;
  const quantity = r.valueQuantity as { value?: number; unit?: string } | undefined;
  const value =
    quantity?.value !== undefined
      ? `${quantity.value}${quantity.unit ? ` ${quantity.unit}` : ''}`
      : undefined;
  const when = (r.effectiveDateTime ?? r.occurrenceDateTime ?? r.recordedDate ?? r.onsetDateTime) as
    string | undefined;
  return [name, value, when?.slice(0, 10)].filter(Boolean).join(' — ');
}

/**
 * The sections of an International Patient Summary document (a Bundle whose first entry is the
 * Composition), each with its entries resolved from the Bundle, for a printable page.
 */
export function summarySections(document: Bundle): SummarySection[] {
  const resources = (document.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r);
  const composition = resources.find((r) => r.resourceType === 'Composition') as
    (FhirResource & { section?: CompositionSection[] }) | undefined;
  const byRef = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const byUrl = new Map(
    (document.entry ?? []).filter((e) => e.fullUrl && e.resource).map((e) => [e.fullUrl!, e.resource!]),
  );
  return (composition?.section ?? []).map((s) => ({
    title: s.title ?? conceptText(s.code) ?? '',
    lines: (s.entry ?? [])
      .map((e) => (e.reference ? (byRef.get(e.reference) ?? byUrl.get(e.reference)) : undefined))
      .map((r) => (r ? lineOf(r) : undefined))
      .filter((l): l is string => !!l),
  }));
}
