import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FhirResource } from '../fhir/index.js';
import { NHS_NUMBER_SYSTEM, nhsNumberChecksum } from '../identity/index.js';
import { createPrng } from './prng.js';
import type { Prng } from './prng.js';
import {
  POPULATION_FAMILY,
  POPULATION_FEMALE_GIVEN,
  POPULATION_MALE_GIVEN,
  POPULATION_OUTWARD_CODES,
} from './population-names.js';
import { dayOff, givenVariant, swapDayMonth, typo, withoutSpace } from './population-noise.js';
import { STREETS, POSTCODE_UNIT_LETTERS } from './uk-places.js';

export interface PopulationOptions {
  people: number;
  outDir: string;
  seed?: number;
  onProgress?: (people: number, records: number) => void;
}

export interface PopulationSummary {
  people: number;
  /** Patient records over all sources (one person has one to four). */
  patients: number;
  /** Every resource written, Patients included. */
  resources: number;
  files: string[];
}

/** A source system: its share of the population, local id system and how it garbles details. */
interface SourceSystem {
  key: string;
  name: string;
  share: number;
  idSystem: string;
  /** Share of its records without the NHS number. */
  missingNhs: number;
  /** Sends names in upper case, as older PAS systems do. */
  upperCase: boolean;
  /** Share of records with a keying error in a name. */
  typos: number;
}

const SOURCE_BASE = 'https://heartwood.nhs.example/source/population';
const SOURCES: SourceSystem[] = [
  {
    key: 'gp',
    name: 'GP practice',
    share: 1,
    idSystem: `${SOURCE_BASE}/gp`,
    missingNhs: 0.01,
    upperCase: false,
    typos: 0.02,
  },
  {
    key: 'rxh',
    name: 'Hospital',
    share: 0.45,
    idSystem: `${SOURCE_BASE}/hospital`,
    missingNhs: 0.12,
    upperCase: true,
    typos: 0.05,
  },
  {
    key: 'ph',
    name: 'Pharmacy',
    share: 0.35,
    idSystem: `${SOURCE_BASE}/pharmacy`,
    missingNhs: 0.05,
    upperCase: false,
    typos: 0.06,
  },
  {
    key: 'nhs111',
    name: 'NHS 111',
    share: 0.15,
    idSystem: `${SOURCE_BASE}/nhs111`,
    missingNhs: 0.4,
    upperCase: false,
    typos: 0.08,
  },
];

interface Person {
  index: number;
  sex: 'male' | 'female';
  given: string;
  middle?: string;
  family: string;
  birthDate: string;
  nhs?: string;
  line: string;
  postcode: string;
  phone?: string;
}

/**
 * NHS numbers from the 999 test range without keeping a set of those issued: a counter scrambled by a
 * bijection of 0…999,999 (multiplying by a number coprime to 10⁶), skipping the ~9% whose check digit
 * is 10. About 909,000 people get one; beyond that people have none, as some real records do not.
 */
function nhsNumbers(): () => string | undefined {
  let counter = 0;
  return () => {
    while (counter < 1_000_000) {
      const scrambled = (counter * 7_919 + 104_729) % 1_000_000;
      counter++;
      const nine = `999${String(scrambled).padStart(6, '0')}`;
      const check = nhsNumberChecksum(nine);
      if (check !== undefined && check !== 10) return `${nine}${check}`;
    }
    return undefined;
  };
}

/** Skewed towards the start of the list: a few names are very common, most are rare. */
const skewedPick = <T>(prng: Prng, list: readonly T[]) => list[Math.floor(list.length * prng.next() ** 2)]!;

function drawPerson(prng: Prng, index: number, nhs: () => string | undefined): Person {
  const sex = prng.chance(0.5) ? 'female' : 'male';
  const names = sex === 'female' ? POPULATION_FEMALE_GIVEN : POPULATION_MALE_GIVEN;
  const start = Date.UTC(1930, 0, 1);
  const day = prng.int(0, Math.floor((Date.UTC(2024, 11, 31) - start) / 86_400_000));
  const birthDate = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
  const outward = prng.pick(POPULATION_OUTWARD_CODES);
  const unit = `${prng.int(1, 9)}${prng.pick([...POSTCODE_UNIT_LETTERS])}${prng.pick([...POSTCODE_UNIT_LETTERS])}`;
  return {
    index,
    sex,
    given: skewedPick(prng, names),
    ...(prng.chance(0.4) ? { middle: prng.pick(names) } : {}),
    family: skewedPick(prng, POPULATION_FAMILY),
    birthDate,
    nhs: nhs(),
    line: `${prng.int(1, 240)} ${prng.pick(STREETS)}`,
    postcode: `${outward} ${unit}`,
    ...(prng.chance(0.7) ? { phone: `07700 9${String(prng.int(0, 99_999)).padStart(5, '0')}` } : {}),
  };
}

/** The person as one source system holds them, with that system's noise. */
function sourcePatient(prng: Prng, p: Person, source: SourceSystem): FhirResource & { id: string } {
  let given = p.given;
  let family = p.family;
  let birthDate = p.birthDate;
  let postcode = p.postcode;
  if (source.key !== 'gp') {
    if (prng.chance(0.06)) given = givenVariant(prng, given);
    if (prng.chance(source.typos)) family = typo(prng, family);
    if (p.sex === 'female' && prng.chance(0.03)) family = skewedPick(prng, POPULATION_FAMILY); // married name
    const dateError = prng.next();
    if (dateError < 0.01) birthDate = swapDayMonth(birthDate);
    else if (dateError < 0.02) birthDate = dayOff(birthDate);
    if (prng.chance(0.08)) postcode = `${prng.pick(POPULATION_OUTWARD_CODES)} ${prng.int(1, 9)}AB`; // moved
    if (prng.chance(0.3)) postcode = withoutSpace(postcode);
  } else if (prng.chance(source.typos)) {
    given = typo(prng, given);
  }
  const upper = (s: string) => (source.upperCase ? s.toUpperCase() : s);
  const id = `${source.key}-${p.index}`;
  const identifier = [{ system: source.idSystem, value: `${source.key.toUpperCase()}${100_000 + p.index}` }];
  const nhs = p.nhs !== undefined && !prng.chance(source.missingNhs) ? p.nhs : undefined;
  return {
    resourceType: 'Patient',
    id,
    meta: { source: `${SOURCE_BASE}/${source.key}` },
    identifier: nhs ? [{ system: NHS_NUMBER_SYSTEM, value: nhs }, ...identifier] : identifier,
    name: [
      {
        use: 'official',
        family: upper(family),
        given: [upper(given), ...(p.middle && source.key !== 'nhs111' ? [upper(p.middle)] : [])],
      },
    ],
    ...(prng.chance(0.97) ? { gender: p.sex } : {}),
    birthDate,
    address: [{ use: 'home', line: [upper(p.line)], postalCode: postcode }],
    ...(p.phone && source.key !== 'rxh'
      ? { telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }] }
      : {}),
  };
}

const subject = (patientId: string) => ({ reference: `Patient/${patientId}` });

/** A few clinical resources per record, of the kinds each source sends. */
function clinical(prng: Prng, patientId: string, source: SourceSystem, p: Person): FhirResource[] {
  const out: FhirResource[] = [];
  const year = Math.max(Number(p.birthDate.slice(0, 4)) + 1, 2015);
  const when = `${prng.int(year, 2025)}-0${prng.int(1, 9)}-1${prng.int(0, 9)}`;
  const observation = (code: string, display: string, value: number, unit: string, ucum: string) => ({
    resourceType: 'Observation',
    id: `${patientId}-obs-${code}`,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code, display }] },
    subject: subject(patientId),
    effectiveDateTime: when,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: ucum },
  });
  if (source.key === 'gp')
    out.push(observation('29463-7', 'Body weight', prng.decimal(45, 110, 1), 'kg', 'kg'));
  if (source.key === 'rxh')
    out.push(observation('4548-4', 'Hemoglobin A1c', prng.int(30, 80), 'mmol/mol', 'mmol/mol'));
  if (source.key === 'nhs111')
    out.push(observation('8310-5', 'Body temperature', prng.decimal(36, 39.5, 1), 'Cel', 'Cel'));
  if (source.key === 'gp' && prng.chance(0.3))
    out.push({
      resourceType: 'Condition',
      id: `${patientId}-condition`,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder' }],
      },
      subject: subject(patientId),
      recordedDate: when,
    });
  if ((source.key === 'gp' || source.key === 'ph') && p.index % 10 === 3)
    out.push({
      resourceType: 'AllergyIntolerance',
      id: `${patientId}-allergy`,
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
            code: source.key === 'ph' && prng.chance(0.2) ? 'refuted' : 'confirmed',
          },
        ],
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '373270004', display: 'Penicillin' }] },
      patient: subject(patientId),
    });
  return out;
}

/** Writes a line, waiting when the stream's buffer is full, so memory stays flat. */
async function writeLine(stream: WriteStream, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
}

/**
 * A synthetic population for scale tests: `people` people, each registered with a GP and, by chance,
 * also known to a hospital, a pharmacy and NHS 111 — every system with its own local id and its own
 * noise in the demographics. Writes NDJSON per resource type plus `truth.csv` (record id → person),
 * which only an evaluation may read. Streams to disk: memory does not grow with `people`.
 * Deterministic for a seed.
 */
export async function generatePopulation(o: PopulationOptions): Promise<PopulationSummary> {
  await mkdir(o.outDir, { recursive: true });
  const names = ['Patient', 'Observation', 'Condition', 'AllergyIntolerance'];
  const streams = new Map(names.map((n) => [n, createWriteStream(join(o.outDir, `${n}.ndjson`))]));
  const truth = createWriteStream(join(o.outDir, 'truth.csv'));
  truth.write('patient_id,person\n');
  const prng = createPrng(o.seed ?? 20_251_121);
  const nhs = nhsNumbers();
  let patients = 0;
  let resources = 0;
  for (let i = 0; i < o.people; i++) {
    const person = drawPerson(prng, i, nhs);
    for (const source of SOURCES) {
      if (source.share < 1 && !prng.chance(source.share)) continue;
      const patient = sourcePatient(prng, person, source);
      await writeLine(streams.get('Patient')!, patient);
      if (!truth.write(`${patient.id},${i}\n`)) await once(truth, 'drain');
      patients++;
      resources++;
      for (const r of clinical(prng, patient.id, source, person)) {
        await writeLine(streams.get(String(r.resourceType))!, r);
        resources++;
      }
    }
    if ((i + 1) % 10_000 === 0) o.onProgress?.(i + 1, patients);
  }
  const all = [...streams.values(), truth];
  await Promise.all(
    all.map(
      (s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve()))),
    ),
  );
  return {
    people: o.people,
    patients,
    resources,
    files: [...names.map((n) => `${n}.ndjson`), 'truth.csv'],
  };
}
