import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import type { SystemIdentifier } from './compare-identifier.js';
import type { PersonRecord } from './person-record.js';
import { createPersonRecord } from './person-record.js';

interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  period?: { end?: string };
}

interface Address {
  use?: string;
  type?: string;
  line?: string[];
  city?: string;
  district?: string;
  state?: string;
  postalCode?: string;
  period?: { end?: string };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const string = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const objects = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);

function humanName(o: Record<string, unknown>): HumanName {
  const period = isObject(o.period) ? { end: string(o.period.end) } : undefined;
  return {
    use: string(o.use),
    text: string(o.text),
    family: string(o.family),
    given: strings(o.given),
    period,
  };
}

/** A name that has ended (or is marked old/maiden) is an earlier name, not the current one. */
const isFormer = (n: HumanName) => n.use === 'old' || n.use === 'maiden' || n.period?.end !== undefined;

/**
 * The current name first: official, then usual, then any other current name; earlier names follow so
 * that their family names can still match a record made before a name change.
 */
function orderNames(names: HumanName[]): HumanName[] {
  const rank = (n: HumanName) => (isFormer(n) ? 3 : n.use === 'official' ? 0 : n.use === 'usual' ? 1 : 2);
  return names
    .map((n, i) => ({ n, i }))
    .sort((x, y) => rank(x.n) - rank(y.n) || x.i - y.i)
    .map(({ n }) => n);
}

/** A name with only `text`: the last word is taken as the family name, the rest as given names. */
function partsOf(n: HumanName): { given: string[]; family?: string } {
  if (n.family !== undefined || (n.given?.length ?? 0) > 0) return { given: n.given ?? [], family: n.family };
  const words = (n.text ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  return { given: words.slice(0, -1), family: words.at(-1) };
}

/** The current home address if there is one, else the first current address of any kind. */
function currentAddress(addresses: Address[]): Address | undefined {
  const current = addresses.filter((a) => a.period?.end === undefined && a.use !== 'old');
  return current.find((a) => a.use === 'home') ?? current[0];
}

function address(o: Record<string, unknown>): Address {
  const period = isObject(o.period) ? { end: string(o.period.end) } : undefined;
  return {
    use: string(o.use),
    line: strings(o.line),
    city: string(o.city),
    district: string(o.district),
    state: string(o.state),
    postalCode: string(o.postalCode),
    period,
  };
}

/**
 * Builds the matcher's record from a FHIR R4 Patient: identifiers (the NHS number by its system, others
 * kept with theirs), names (current first, former family names kept), birthDate, gender, the current
 * address and phone/email telecoms. Tolerant of missing and malformed elements: what cannot be read is
 * left out, and a missing field only weakens the match.
 */
export function personRecordFromPatient(patient: FhirResource): PersonRecord {
  const identifiers: SystemIdentifier[] = [];
  for (const i of objects(patient.identifier)) {
    const system = string(i.system);
    const value = string(i.value);
    if (system !== undefined && value !== undefined) identifiers.push({ system, value });
  }
  const names = orderNames(objects(patient.name).map(humanName));
  const given: string[] = [];
  const family: string[] = [];
  for (const n of names) {
    const parts = partsOf(n);
    // Given names of a former name are usually the same person's; the family name is what changed.
    if (!isFormer(n)) given.push(...parts.given);
    if (parts.family !== undefined) family.push(parts.family);
  }
  const home = currentAddress(objects(patient.address).map(address));
  const telecom = objects(patient.telecom);
  const valuesOf = (systems: string[]) =>
    telecom
      .filter(
        (t) =>
          systems.includes(string(t.system) ?? '') && !(isObject(t.period) && t.period.end !== undefined),
      )
      .flatMap((t) => strings([t.value]));
  return createPersonRecord({
    id: string(patient.id) ?? '',
    identifiers,
    given,
    family,
    birthDate: string(patient.birthDate),
    sex: string(patient.gender),
    postcode: home?.postalCode,
    addressLines: home?.line ?? [],
    locality: home?.city,
    region: home?.district ?? home?.state,
    phones: valuesOf(['phone', 'sms']),
    emails: valuesOf(['email']),
  });
}
