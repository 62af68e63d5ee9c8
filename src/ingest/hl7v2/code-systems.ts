import type { Coding } from '../../fhir/index.js';
import { leaf } from './hl7-message.js';
import type { Hl7Composite } from './hl7-message.js';
import { HL7V2_BASE } from './systems.js';

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

/** HL7 table 0396 names (and common variants) of the code systems Heartwood knows by their FHIR URI. */
const NAMED: Record<string, string> = {
  LN: 'http://loinc.org',
  LOINC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNOMED: 'http://snomed.info/sct',
  'SNOMED-CT': 'http://snomed.info/sct',
  SNOMEDCT: 'http://snomed.info/sct',
  SCTID: 'http://snomed.info/sct',
  I9: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9CDX: 'http://hl7.org/fhir/sid/icd-9-cm',
  I10: 'http://hl7.org/fhir/sid/icd-10',
  ICD10: 'http://hl7.org/fhir/sid/icd-10',
  'ICD-10': 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  UCUM: 'http://unitsofmeasure.org',
  C4: 'http://www.ama-assn.org/go/cpt',
  CPT4: 'http://www.ama-assn.org/go/cpt',
  NDC: 'http://hl7.org/fhir/sid/ndc',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  RXN: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  ISO3166_1: 'urn:iso:std:iso:3166',
  'ISO3166-1': 'urn:iso:std:iso:3166',
  ISO639: 'urn:ietf:bcp:47',
  DMD: 'https://dmd.nhs.uk',
  'DM+D': 'https://dmd.nhs.uk',
  READ: 'http://read.info/readv2',
  RD2: 'http://read.info/readv2',
  CTV3: 'http://read.info/ctv3',
};

const OIDS: Record<string, string> = {
  '2.16.840.1.113883.6.1': 'http://loinc.org',
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  '2.16.840.1.113883.6.8': 'http://unitsofmeasure.org',
  '2.16.840.1.113883.6.3': 'http://hl7.org/fhir/sid/icd-10',
  '2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  '2.16.840.1.113883.6.103': 'http://hl7.org/fhir/sid/icd-9-cm',
};

const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/**
 * The FHIR URI of a v2 coding system name. Names Heartwood does not know (local tables, `L`, `99xxx`)
 * get a URI under its own namespace so the code keeps its meaning without claiming a public system.
 */
export function codeSystemUri(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const upper = name.toUpperCase();
  const known = NAMED[upper];
  if (known) return known;
  const table = /^HL7(\d{4})$/.exec(upper);
  if (table) return `http://terminology.hl7.org/CodeSystem/v2-${table[1]}`;
  if (OID.test(name)) return OIDS[name] ?? `urn:oid:${name}`;
  return `${HL7V2_BASE}/code-system/${encodeURIComponent(name)}`;
}

/** A FHIR code: no leading, trailing or repeated whitespace. */
export function fhirCode(value: string | undefined): string | undefined {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v === '' ? undefined : v;
}

/**
 * CE/CNE/CWE (and CF) → CodeableConcept: the primary and the alternate coding, and the original text
 * (CWE-9) or, for a text-only value, its text. `defaultSystem` is for fields bound to one table whose
 * senders leave the coding system empty.
 */
export function codeableConcept(
  c: Hl7Composite | undefined,
  defaultSystem?: string,
): CodeableConcept | undefined {
  if (!c) return undefined;
  const coding: Coding[] = [];
  const add = (codeAt: number, displayAt: number, systemAt: number, versionAt: number) => {
    const code = fhirCode(leaf(c, codeAt));
    if (code === undefined) return;
    const system = codeSystemUri(leaf(c, systemAt)) ?? defaultSystem;
    const display = leaf(c, displayAt);
    const version = leaf(c, versionAt);
    coding.push({
      ...(system !== undefined && { system }),
      ...(version !== undefined && system !== undefined && { version }),
      code,
      ...(display !== undefined && { display }),
    });
  };
  add(1, 2, 3, 7);
  add(4, 5, 6, 8);
  const text = leaf(c, 9) ?? (coding.length === 0 ? (leaf(c, 2) ?? leaf(c, 5)) : undefined);
  if (coding.length === 0 && text === undefined) return undefined;
  return { ...(coding.length > 0 && { coding }), ...(text !== undefined && { text }) };
}

/** A coding from an HL7 table for an IS/ID field that holds only a code. */
export function tableCoding(code: string | undefined, table: string, display?: string): Coding | undefined {
  const c = fhirCode(code);
  if (c === undefined) return undefined;
  return {
    system: `http://terminology.hl7.org/CodeSystem/v2-${table}`,
    code: c,
    ...(display !== undefined && { display }),
  };
}
