import { conceptText } from '../../clinical/concept-text.js';
import type { CodeableConcept, FhirResource } from '../../fhir/resources.js';

export type Category =
  'allergies' | 'medicines' | 'conditions' | 'results' | 'vaccinations' | 'encounters' | 'other';

export const CATEGORY_ORDER: readonly Category[] = [
  'allergies',
  'medicines',
  'conditions',
  'results',
  'vaccinations',
  'encounters',
  'other',
];

const CATEGORY_OF: Record<string, Category> = {
  AllergyIntolerance: 'allergies',
  MedicationRequest: 'medicines',
  MedicationStatement: 'medicines',
  Condition: 'conditions',
  Observation: 'results',
  DiagnosticReport: 'results',
  Immunization: 'vaccinations',
  Encounter: 'encounters',
  Appointment: 'encounters',
};

/** What the shared record shows of one entry: its words, date and where it came from. */
export interface RecordEntry {
  key: string;
  type: string;
  category: Category;
  text?: string;
  date?: string;
  source?: string;
  lastUpdated?: string;
}

/** Types that describe the record rather than make it up (people, places, the patient themselves). */
const CONTEXT_TYPES = new Set([
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Medication',
  'Schedule',
  'Slot',
  'RelatedPerson',
  'Consent',
  'Task',
  'Provenance',
  'AuditEvent',
]);

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function entryText(r: FhirResource): string | undefined {
  const concept = (name: string) => r[name] as CodeableConcept | undefined;
  return (
    conceptText(concept('code')) ??
    conceptText(concept('medicationCodeableConcept')) ??
    conceptText(concept('vaccineCode')) ??
    conceptText((r.type as CodeableConcept[] | undefined)?.[0]) ??
    str(r.description)
  );
}

function entryDate(r: FhirResource): string | undefined {
  const period = r.period as { start?: string } | undefined;
  return (
    str(r.effectiveDateTime) ??
    str(r.occurrenceDateTime) ??
    str(r.authoredOn) ??
    str(r.onsetDateTime) ??
    str(r.recordedDate) ??
    str(r.start) ??
    period?.start ??
    str(r.issued)
  );
}

/** The entries of a record, context resources left out, newest first. */
export function recordEntries(resources: readonly FhirResource[]): RecordEntry[] {
  return resources
    .filter((r) => !CONTEXT_TYPES.has(r.resourceType))
    .map((r) => ({
      key: `${r.resourceType}/${r.id}`,
      type: r.resourceType,
      category: CATEGORY_OF[r.resourceType] ?? 'other',
      text: entryText(r),
      date: entryDate(r),
      source: r.meta?.source,
      lastUpdated: r.meta?.lastUpdated,
    }))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

export function byCategory(
  entries: readonly RecordEntry[],
): { category: Category; entries: RecordEntry[] }[] {
  return CATEGORY_ORDER.map((category) => ({
    category,
    entries: entries.filter((e) => e.category === category),
  })).filter((g) => g.entries.length > 0);
}

export interface SourceFreshness {
  source?: string;
  entries: number;
  /** The newest `meta.lastUpdated` of the source's entries: how fresh its part of the record is. */
  latest?: string;
}

/** Each source of the record with how many entries it gave and when it last sent anything, freshest first. */
export function sourceFreshness(entries: readonly RecordEntry[]): SourceFreshness[] {
  const sources = new Map<string, SourceFreshness>();
  for (const e of entries) {
    const key = e.source ?? '';
    const s = sources.get(key) ?? { source: e.source, entries: 0 };
    s.entries++;
    if (e.lastUpdated && (!s.latest || e.lastUpdated > s.latest)) s.latest = e.lastUpdated;
    sources.set(key, s);
  }
  return [...sources.values()].sort((a, b) => (b.latest ?? '').localeCompare(a.latest ?? ''));
}

/** The contradictions `$summary` flags, as its narrative states them (one line per fact). */
export function summaryConflicts(summary: FhirResource | undefined): string[] {
  const entries = (summary?.entry as { resource?: FhirResource }[] | undefined) ?? [];
  const composition = entries.map((e) => e.resource).find((r) => r?.resourceType === 'Composition');
  const sections = (composition?.section as { text?: { div?: string } }[] | undefined) ?? [];
  const lines: string[] = [];
  for (const section of sections) {
    for (const match of (section.text?.div ?? '').matchAll(/<li>([^<]*)<\/li>/g)) {
      const line = unescapeXml(match[1]!);
      if (line.includes('Conflicting records')) lines.push(line);
    }
  }
  return lines;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
