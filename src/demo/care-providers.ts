import type { FhirResource } from '../fhir/index.js';
import { FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN } from './people-names.js';
import type { Prng } from './prng.js';
import { TOWNS } from './uk-places.js';
import type { Town } from './uk-places.js';

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const GMC_SYSTEM = 'https://fhir.hl7.org.uk/Id/gmc-number';
export const NMC_SYSTEM = 'https://fhir.hl7.org.uk/Id/nmc-number';

/** Where each resource came from, in `meta.source`: the system that recorded it. */
export const SOURCE_BASE = 'https://heartwood.nhs.example/source';
export const ODS_SOURCE = `${SOURCE_BASE}/ods`;

export interface Clinician {
  id: string;
  role: 'gp' | 'practice-nurse' | 'consultant';
  prefix: string;
  given: string;
  family: string;
  display: string;
}

export interface CareProvider {
  kind: 'gp-practice' | 'hospital-trust';
  id: string;
  odsCode: string;
  name: string;
  town: Town;
  /** The `meta.source` of everything this provider's clinical system records. */
  source: string;
  phone: string;
  clinicians: Clinician[];
}

// The ODS codes are fictional (Y999xx and R9x are not allocated); the towns are real.
const PRACTICES = [
  { odsCode: 'Y99901', name: 'Kirkgate Medical Practice', town: 0, phone: '0113 496 0120' },
  { odsCode: 'Y99902', name: 'Moorside Surgery', town: 1, phone: '01632 960 241' },
  { odsCode: 'Y99903', name: 'Westgate Health Centre', town: 2, phone: '01632 960 377' },
];
const TRUSTS = [
  { odsCode: 'R9A', name: 'Aire Valley Teaching Hospitals NHS Trust', town: 0, phone: '0113 496 0500' },
  { odsCode: 'R9B', name: 'Calder and Pennine NHS Foundation Trust', town: 2, phone: '01632 960 900' },
];

export function createCareProviders(prng: Prng): { practices: CareProvider[]; trusts: CareProvider[] } {
  const clinician = (role: Clinician['role']): Clinician => {
    const female = prng.chance(0.55);
    const given = prng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    const family = prng.pick(FAMILY_NAMES);
    const prefix = role === 'practice-nurse' ? (female ? 'Ms' : 'Mr') : 'Dr';
    return { id: prng.uuid(), role, prefix, given, family, display: `${prefix} ${given} ${family}` };
  };
  const practices = PRACTICES.map((p) => ({
    kind: 'gp-practice' as const,
    id: prng.uuid(),
    odsCode: p.odsCode,
    name: p.name,
    town: TOWNS[p.town]!,
    source: `${SOURCE_BASE}/gp/${p.odsCode}`,
    phone: p.phone,
    clinicians: [clinician('gp'), clinician('gp'), clinician('practice-nurse')],
  }));
  const trusts = TRUSTS.map((t) => ({
    kind: 'hospital-trust' as const,
    id: prng.uuid(),
    odsCode: t.odsCode,
    name: t.name,
    town: TOWNS[t.town]!,
    source: `${SOURCE_BASE}/hospital/${t.odsCode}`,
    phone: t.phone,
    clinicians: [clinician('consultant'), clinician('consultant')],
  }));
  return { practices, trusts };
}

export function organizationResource(p: CareProvider, prng: Prng): FhirResource {
  const outward = prng.pick(p.town.outwardCodes);
  return {
    resourceType: 'Organization',
    id: p.id,
    meta: { source: ODS_SOURCE },
    identifier: [{ system: ODS_SYSTEM, value: p.odsCode }],
    active: true,
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'prov',
            display: 'Healthcare Provider',
          },
        ],
        text: p.kind === 'gp-practice' ? 'GP practice' : 'NHS trust',
      },
    ],
    name: p.name,
    telecom: [{ system: 'phone', value: p.phone, use: 'work' }],
    address: [
      {
        use: 'work',
        line: [p.kind === 'gp-practice' ? `${prng.int(1, 120)} High Street` : 'Infirmary Road'],
        city: p.town.name,
        district: p.town.district,
        postalCode: `${outward} ${prng.int(1, 9)}${prng.pick(['AB', 'DE', 'HJ', 'NP', 'TW'])}`,
      },
    ],
  };
}

export function practitionerResource(c: Clinician, provider: CareProvider, prng: Prng): FhirResource {
  const identifier =
    c.role === 'practice-nurse'
      ? { system: NMC_SYSTEM, value: `${prng.int(10, 99)}A${prng.int(1000, 9999)}E` }
      : { system: GMC_SYSTEM, value: String(prng.int(6_000_000, 7_999_999)) };
  return {
    resourceType: 'Practitioner',
    id: c.id,
    meta: { source: provider.source },
    identifier: [identifier],
    active: true,
    name: [{ use: 'official', family: c.family, given: [c.given], prefix: [c.prefix] }],
    telecom: [{ system: 'phone', value: provider.phone, use: 'work' }],
  };
}
