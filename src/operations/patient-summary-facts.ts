import { isObject } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';

/** One clinical fact as the summary shows it: the resources (one per source) that state it. */
export interface Fact {
  label: string;
  members: FhirResource[];
  /** Set when the sources disagree (one refutes what another confirms). */
  conflict?: { refuted: FhirResource[]; asserted: FhirResource[] };
}

type Json = Record<string, unknown>;

const codings = (cc: unknown): Json[] =>
  isObject(cc) && Array.isArray(cc.coding) ? cc.coding.filter(isObject) : [];

export function statusCode(cc: unknown): string | undefined {
  const c = codings(cc)[0];
  return typeof c?.code === 'string' ? c.code : undefined;
}

/** Human words for a CodeableConcept: its text, else the first display, else the first code. */
export function conceptText(cc: unknown): string {
  if (isObject(cc) && typeof cc.text === 'string') return cc.text;
  for (const c of codings(cc)) if (typeof c.display === 'string') return c.display;
  const c = codings(cc)[0];
  return typeof c?.code === 'string' ? c.code : 'Unnamed entry';
}

/** The keys that make two concepts the same fact: any shared system|code (or the same text). */
export function conceptKeys(cc: unknown): string[] {
  const keys = codings(cc)
    .filter((c) => typeof c.system === 'string' && typeof c.code === 'string')
    .map((c) => `${c.system as string}|${c.code as string}`);
  if (keys.length > 0) return keys;
  return isObject(cc) && typeof cc.text === 'string' ? [`text|${cc.text.trim().toLowerCase()}`] : [];
}

/**
 * Groups resources that share any key (union–find over keys), keeping first-seen order, so the same
 * allergy coded by the GP and the hospital, perhaps with extra codings on one side, is one fact.
 */
export function groupByKeys<T>(items: T[], keys: (item: T) => string[]): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const k of keys(item)) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const g = groups.get(root) ?? [];
    g.push(item);
    groups.set(root, g);
  });
  return [...groups.values()];
}

/** Allergies and conditions: a fact is shown when some source holds it active and not refuted. */
export function statusFacts(
  resources: FhirResource[],
  code: (r: FhirResource) => unknown,
  activeCodes: Set<string>,
): Fact[] {
  const usable = resources.filter((r) => statusCode(r.verificationStatus) !== 'entered-in-error');
  const facts: Fact[] = [];
  for (const members of groupByKeys(usable, (r) => conceptKeys(code(r)))) {
    const refuted = members.filter((r) => statusCode(r.verificationStatus) === 'refuted');
    const asserted = members.filter((r) => statusCode(r.verificationStatus) !== 'refuted');
    const active = asserted.some((r) => activeCodes.has(statusCode(r.clinicalStatus) ?? 'active'));
    if (!active) continue;
    const fact: Fact = { label: conceptText(code(members[0]!)), members };
    if (refuted.length > 0) fact.conflict = { refuted, asserted };
    facts.push(fact);
  }
  return facts;
}

/** The clinically relevant time of an Observation or Immunization, as an ISO string. */
export function effectiveTime(r: FhirResource): string | undefined {
  for (const k of ['effectiveDateTime', 'effectiveInstant', 'occurrenceDateTime', 'issued']) {
    if (typeof r[k] === 'string') return r[k];
  }
  const period = r.effectivePeriod;
  return isObject(period) && typeof period.start === 'string' ? period.start : undefined;
}

export function observationValue(r: FhirResource): string {
  const q = r.valueQuantity;
  if (isObject(q) && typeof q.value === 'number') {
    const unit = typeof q.unit === 'string' ? q.unit : typeof q.code === 'string' ? q.code : '';
    return `${q.value}${unit ? ` ${unit}` : ''}`;
  }
  if (typeof r.valueString === 'string') return r.valueString;
  if (r.valueCodeableConcept) return conceptText(r.valueCodeableConcept);
  if (typeof r.valueBoolean === 'boolean') return r.valueBoolean ? 'yes' : 'no';
  return '';
}

/** "A", "A and B", "A, B and C". */
export function listInWords(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
