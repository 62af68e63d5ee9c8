import { isObject } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { PatientCompartment } from '../definitions/index.js';
import type { OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import type { StoredVersion } from '../store/index.js';
import { fetchRecords, fetchReferenced, localTarget, patientRecords } from './patient-records.js';
import {
  conceptKeys,
  conceptText,
  effectiveTime,
  escapeXml,
  groupByKeys,
  listInWords,
  observationValue,
  statusCode,
  statusFacts,
} from './patient-summary-facts.js';
import type { Fact } from './patient-summary-facts.js';

const LOINC = 'http://loinc.org';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const RESULT_CATEGORIES = new Set(['laboratory', 'vital-signs']);
const RESULT_STATUSES = new Set(['final', 'amended', 'corrected', 'preliminary']);
const CLINICAL_TYPES = [
  'AllergyIntolerance',
  'MedicationRequest',
  'MedicationStatement',
  'Condition',
  'Immunization',
  'Observation',
];

interface SectionSpec {
  title: string;
  code: string;
  display: string;
  facts: Fact[];
}

/** `Patient/{id}/$summary`: an International Patient Summary document across the person's records. */
export function createPatientSummary(deps: { patientCompartment: PatientCompartment }): OperationDefinition {
  return {
    name: 'summary',
    levels: ['instance'],
    resourceTypes: ['Patient'],
    definition: 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary',
    affectsState: false,
    run: (ctx, call) => summary(ctx, call, deps.patientCompartment),
  };
}

const parse = (v: StoredVersion) => JSON.parse(v.content!) as FhirResource;
const key = (r: FhirResource) => `${r.resourceType}/${r.id}`;

async function summary(ctx: OperationContext, call: OperationCall, compartment: PatientCompartment) {
  const id = call.id!;
  const now = new Date();
  const owners = await patientRecords(ctx.store, id, ctx.base);
  const patients = await fetchRecords(ctx.store, owners, compartment, ['Patient']);
  const clinical = (await fetchRecords(ctx.store, owners, compartment, CLINICAL_TYPES)).map(parse);
  const known = new Set([...patients.map((v) => `Patient/${v.id}`), ...clinical.map(key)]);
  // Names of the people and organisations behind each source, and the medicines referred to.
  const context = new Map<string, FhirResource>();
  for (const v of [
    ...patients,
    ...(await fetchReferenced(ctx.store, ctx.base, patients.map(parse), new Set(known), { rounds: 1 })),
  ])
    context.set(`${v.resourceType}/${v.id}`, parse(v));
  const clinicalRefs = await fetchReferenced(
    ctx.store,
    ctx.base,
    clinical,
    new Set([...known, ...context.keys()]),
    { rounds: 1 },
  );
  for (const v of clinicalRefs) context.set(`${v.resourceType}/${v.id}`, parse(v));
  const resolve = (ref: unknown) => {
    const t = isObject(ref) ? localTarget(ref.reference, ctx.base) : undefined;
    return t ? context.get(`${t.type}/${t.id}`) : undefined;
  };

  const ofType = (type: string) => clinical.filter((r) => r.resourceType === type);
  const medicationCode = (r: FhirResource) =>
    r.medicationCodeableConcept ?? resolve(r.medicationReference)?.code;
  const medications = [
    ...ofType('MedicationRequest').filter((r) => r.status === 'active'),
    ...ofType('MedicationStatement').filter((r) => r.status === 'active'),
  ];
  const sections: SectionSpec[] = [
    {
      title: 'Allergies and intolerances',
      code: '48765-2',
      display: 'Allergies and adverse reactions Document',
      facts: statusFacts(ofType('AllergyIntolerance'), (r) => r.code, new Set(['active'])),
    },
    {
      title: 'Medication summary',
      code: '10160-0',
      display: 'History of Medication use Narrative',
      facts: groupByKeys(medications, (r) => conceptKeys(medicationCode(r))).map((members) => ({
        label: conceptText(medicationCode(members[0]!)),
        members,
      })),
    },
    {
      title: 'Problem list',
      code: '11450-4',
      display: 'Problem list - Reported',
      facts: statusFacts(ofType('Condition'), (r) => r.code, new Set(['active', 'recurrence', 'relapse'])),
    },
    {
      title: 'Immunizations',
      code: '11369-6',
      display: 'History of Immunization Narrative',
      facts: immunizationFacts(ofType('Immunization')),
    },
    {
      title: 'Results',
      code: '30954-2',
      display: 'Relevant diagnostic tests/laboratory data Narrative',
      facts: resultFacts(ofType('Observation'), now),
    },
  ];

  const sourceName = (r: FhirResource): string => {
    const subject = isObject(r.patient) ? r.patient : r.subject;
    const owner = isObject(subject) ? localTarget(subject.reference, ctx.base) : undefined;
    const record = owner ? context.get(`Patient/${owner.id}`) : undefined;
    const org = nameOf(resolve(record?.managingOrganization), record?.managingOrganization);
    const performer = Array.isArray(r.performer) ? (r.performer[0] as unknown) : undefined;
    const who = [
      r.recorder,
      r.asserter,
      r.requester,
      r.informationSource,
      isObject(performer) && 'actor' in performer ? performer.actor : performer,
    ].find(isObject);
    const person = nameOf(resolve(who), who);
    if (org && person && person !== org) return `${org} (${person})`;
    return org ?? person ?? `the record Patient/${owner?.id ?? 'unknown'}`;
  };
  // Sorted, so the narrative reads the same whichever of the person's records was asked for.
  const sourcesOf = (members: FhirResource[]) =>
    listInWords([...new Set(members.map(sourceName))].sort((a, b) => a.localeCompare(b)));

  const compositionId = globalThis.crypto.randomUUID();
  const deviceId = globalThis.crypto.randomUUID();
  const fullUrl = (r: FhirResource) => `${ctx.base}/${r.resourceType}/${r.id}`;
  const included = new Map<string, FhirResource>();
  const composition = {
    resourceType: 'Composition',
    id: compositionId,
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    subject: { reference: `${ctx.base}/Patient/${id}` },
    date: now.toISOString(),
    author: [{ reference: `urn:uuid:${deviceId}`, display: 'Heartwood' }],
    title: 'Patient Summary',
    section: sections.map((s) => {
      for (const f of s.facts) for (const m of f.members) included.set(key(m), m);
      const items = s.facts.map((f) => {
        let line = `${f.label} — recorded by ${sourcesOf(f.members)}.`;
        if (f.conflict) {
          line += ` Conflicting records: refuted by ${sourcesOf(f.conflict.refuted)}, but recorded as present by ${sourcesOf(f.conflict.asserted)}.`;
        }
        return `<li>${escapeXml(line)}</li>`;
      });
      const body = items.length > 0 ? `<ul>${items.join('')}</ul>` : '<p>No information known.</p>';
      return {
        title: s.title,
        code: { coding: [{ system: LOINC, code: s.code, display: s.display }] },
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` },
        ...(s.facts.length > 0
          ? { entry: s.facts.flatMap((f) => f.members.map((m) => ({ reference: fullUrl(m) }))) }
          : {
              emptyReason: {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
                    code: 'nilknown',
                    display: 'Nil Known',
                  },
                ],
              },
            }),
      };
    }),
  };
  const device = {
    resourceType: 'Device',
    id: deviceId,
    deviceName: [{ name: 'Heartwood', type: 'user-friendly-name' }],
  };

  // Everything the included resources refer to comes too, so every reference resolves in the document.
  const entries: FhirResource[] = [];
  const seen = new Set<string>();
  const add = (r: FhirResource) => {
    if (seen.has(key(r))) return;
    seen.add(key(r));
    entries.push(r);
  };
  const requested = patients.find((v) => v.id === id);
  if (requested) add(parse(requested));
  for (const v of patients) add(parse(v));
  for (const r of included.values()) add(r);
  const referenced = await fetchReferenced(ctx.store, ctx.base, entries, new Set(seen), { rounds: 3 });
  for (const v of referenced) add(parse(v));

  const bundle = {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${globalThis.crypto.randomUUID()}` },
    type: 'document',
    timestamp: now.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${compositionId}`, resource: composition },
      { fullUrl: `urn:uuid:${deviceId}`, resource: device },
      ...entries.map((r) => ({ fullUrl: fullUrl(r), resource: r })),
    ],
  };
  return { status: 200, body: JSON.stringify(bundle) };
}

/** A person's or organisation's name: the resource's own, else the reference's display. */
function nameOf(resource: FhirResource | undefined, ref: unknown): string | undefined {
  if (resource && typeof resource.name === 'string') return resource.name;
  const name = Array.isArray(resource?.name) ? (resource.name[0] as unknown) : undefined;
  if (isObject(name)) {
    if (typeof name.text === 'string') return name.text;
    const parts = [
      ...(Array.isArray(name.prefix) ? name.prefix : []),
      ...(Array.isArray(name.given) ? name.given : []),
      name.family,
    ].filter((p): p is string => typeof p === 'string');
    if (parts.length > 0) return parts.join(' ');
  }
  return isObject(ref) && typeof ref.display === 'string' ? ref.display : undefined;
}

const day = (r: FhirResource) => effectiveTime(r)?.slice(0, 10);

/** The same vaccine given on the same day, whoever recorded it, is one immunisation. */
function immunizationFacts(resources: FhirResource[]): Fact[] {
  const given = resources.filter((r) => r.status === 'completed');
  return groupByKeys(given, (r) => conceptKeys(r.vaccineCode).map((k) => `${k}@${day(r) ?? ''}`)).map(
    (members) => {
      const when = day(members[0]!);
      return { label: `${conceptText(members[0]!.vaccineCode)}${when ? ` on ${when}` : ''}`, members };
    },
  );
}

/**
 * The latest result per code among those of the last 12 months, or, when nothing is that recent, the
 * single latest result, so the section is never silent about a patient whose tests are all older. The
 * same result (code, time and value) from several sources is one fact.
 */
function resultFacts(resources: FhirResource[], now: Date): Fact[] {
  const results = resources.filter(
    (r) =>
      RESULT_STATUSES.has(String(r.status)) &&
      effectiveTime(r) !== undefined &&
      (Array.isArray(r.category) ? r.category : []).some((c) => RESULT_CATEGORIES.has(statusCode(c) ?? '')),
  );
  const time = (r: FhirResource) => Date.parse(effectiveTime(r)!);
  const latest = groupByKeys(results, (r) => conceptKeys(r.code)).map((group) => {
    const top = group.reduce((a, b) => (time(b) > time(a) ? b : a));
    const members = group.filter(
      (r) => time(r) === time(top) && observationValue(r) === observationValue(top),
    );
    return { top, members };
  });
  const recent = latest.filter((l) => now.getTime() - time(l.top) <= YEAR_MS);
  const chosen =
    recent.length > 0
      ? recent
      : latest.length > 0
        ? [latest.reduce((a, b) => (time(b.top) > time(a.top) ? b : a))]
        : [];
  return chosen.map(({ top, members }) => {
    const value = observationValue(top);
    return {
      label: `${conceptText(top.code)}${value ? `: ${value}` : ''} on ${effectiveTime(top)!.slice(0, 10)}`,
      members,
    };
  });
}
