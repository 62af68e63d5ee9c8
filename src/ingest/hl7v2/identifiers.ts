import type { Identifier } from '../../fhir/index.js';
import { fhirCode } from './code-systems.js';
import { leaf, subcomposite } from './hl7-message.js';
import type { Hl7Composite } from './hl7-message.js';
import { hasValidNhsCheckDigit as isValidNhsNumber } from '../../identity/index.js';
import { HL7V2_BASE, NHS_NUMBER_SYSTEM, ODS_SYSTEM, V2_0203 } from './systems.js';

/** Assigning-authority names with a national FHIR identifier system in England. */
const NATIONAL: Record<string, string> = {
  NHS: NHS_NUMBER_SYSTEM,
  ODS: ODS_SYSTEM,
  GMC: 'https://fhir.hl7.org.uk/Id/gmc-number',
  NMC: 'https://fhir.hl7.org.uk/Id/nmc-number',
  GMP: 'https://fhir.hl7.org.uk/Id/gmp-number',
  GDC: 'https://fhir.hl7.org.uk/Id/gdc-number',
  HCPC: 'https://fhir.hl7.org.uk/Id/hcpc-number',
};
const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/**
 * The identifier system of an assigning authority (HD: namespace^universal id^universal id type):
 * an ISO OID becomes `urn:oid:`, a UUID `urn:uuid:`, a URI itself; a bare namespace gets a URI under
 * Heartwood's namespace (or a national system when it names one, such as NHS or ODS).
 */
export function authoritySystem(hd: Hl7Composite | undefined): string | undefined {
  const namespace = leaf(hd, 1);
  const universal = leaf(hd, 2);
  const type = leaf(hd, 3)?.toUpperCase();
  if (universal !== undefined) {
    if (universal === NHS_NUMBER_OID) return NHS_NUMBER_SYSTEM;
    if (type === 'ISO' && OID.test(universal)) return `urn:oid:${universal}`;
    if (type === 'UUID') return `urn:uuid:${universal.toLowerCase()}`;
    if ((type === 'URI' || type === 'URL') && /^[a-z][a-z0-9+.-]*:\S+$/i.test(universal)) return universal;
  }
  const name = namespace ?? universal;
  if (name === undefined) return undefined;
  return NATIONAL[name.toUpperCase()] ?? `${HL7V2_BASE}/id/${encodeURIComponent(name)}`;
}

export interface IdentifierParts {
  value: string | undefined;
  /** The assigning authority (HD). */
  authority: Hl7Composite | undefined;
  /** HL7 table 0203 code: MR, NH, VN… */
  typeCode: string | undefined;
  start?: string;
  end?: string;
}

export type MappedIdentifier = Identifier & {
  system: string;
  value: string;
  period?: { start?: string; end?: string };
};

export interface IdentifierResult {
  identifier: MappedIdentifier;
  /** Set when an identifier claims to be an NHS number but fails the check digit. */
  warning?: string;
}

/**
 * One identifier. `fallbackSystem` qualifies identifiers that name no assigning authority (local
 * numbers of the sending facility): an unqualified identifier would match other sources' records.
 */
export function toIdentifier(p: IdentifierParts, fallbackSystem: string): IdentifierResult | undefined {
  if (p.value === undefined) return undefined;
  let system = authoritySystem(p.authority);
  const type = fhirCode(p.typeCode)?.toUpperCase();
  let value = p.value;
  let warning: string | undefined;
  const claimsNhs = system === NHS_NUMBER_SYSTEM || type === 'NH' || type === 'NHS';
  if (claimsNhs) {
    const digits = value.replace(/[\s-]/g, '');
    if (isValidNhsNumber(digits)) {
      system = NHS_NUMBER_SYSTEM;
      value = digits;
    } else if (system === NHS_NUMBER_SYSTEM) {
      system = `${HL7V2_BASE}/id/unverified-nhs-number`;
      warning =
        'An identifier labelled as an NHS number fails the NHS number check; it was kept as a local identifier.';
    }
  }
  const identifier: IdentifierResult['identifier'] = { system: system ?? fallbackSystem, value };
  if (identifier.system === NHS_NUMBER_SYSTEM) identifier.use = 'official';
  if (type !== undefined && identifier.system !== NHS_NUMBER_SYSTEM) {
    identifier.type = { coding: [{ system: V2_0203, code: type }] };
  }
  if (p.start !== undefined || p.end !== undefined) {
    identifier.period = {
      ...(p.start !== undefined && { start: p.start }),
      ...(p.end !== undefined && { end: p.end }),
    };
  }
  return warning === undefined ? { identifier } : { identifier, warning };
}

/** CX: id^check digit^scheme^authority (HD)^type^facility^effective^expiration^jurisdiction^agency. */
export function cxParts(
  cx: Hl7Composite,
  date: (v: string | undefined) => string | undefined,
): IdentifierParts {
  return {
    value: leaf(cx, 1),
    authority: subcomposite(cx, 4) ?? subcomposite(cx, 9) ?? subcomposite(cx, 10),
    typeCode: leaf(cx, 5),
    start: date(leaf(cx, 7)),
    end: date(leaf(cx, 8)),
  };
}

/** EI: entity id^namespace^universal id^universal id type (the authority is components 2-4). */
export function eiParts(ei: Hl7Composite): IdentifierParts {
  const authority = [2, 3, 4].map((n) => [leaf(ei, n) ?? '']);
  return {
    value: leaf(ei, 1),
    authority: authority.some((a) => a[0] !== '') ? authority : undefined,
    typeCode: undefined,
  };
}
