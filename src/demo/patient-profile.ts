import type { CareProvider, Clinician } from './care-providers.js';
import { ALLERGENS, LONG_TERM_CONDITIONS } from './clinical-codes.js';
import type { Allergen, LongTermCondition } from './clinical-codes.js';
import { addDays } from './fhir-shapes.js';
import { FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN } from './people-names.js';
import type { Prng } from './prng.js';
import { POSTCODE_UNIT_LETTERS, STREETS } from './uk-places.js';

/** Everything about one demo patient that their records are then written from. */
export interface PatientProfile {
  id: string;
  nhsNumber: string;
  gender: 'female' | 'male';
  given: string;
  family: string;
  prefix: string;
  birthDate: Date;
  age: number;
  address: { line: string; city: string; district: string; postalCode: string };
  mobile: string;
  practice: CareProvider;
  usualGp: Clinician;
  nurse: Clinician;
  conditions: { condition: LongTermCondition; onset: Date }[];
  allergy?: Allergen;
  heightCm: number;
  baselineBmi: number;
  baselineSystolic: number;
  baselineDiastolic: number;
  baselineHba1c: number;
}

export function drawPatientProfile(
  prng: Prng,
  opts: { practice: CareProvider; nhsNumber: string; referenceDate: Date; mobileSuffix: number },
): PatientProfile {
  const gender = prng.chance(0.5) ? 'female' : 'male';
  const given = prng.pick(gender === 'female' ? FEMALE_GIVEN : MALE_GIVEN);
  const family = prng.pick(FAMILY_NAMES);
  // Mostly adults, some children and some very old people, as on a real practice list.
  const age = prng.chance(0.12) ? prng.int(2, 15) : prng.int(18, 93);
  const birthDate = addDays(opts.referenceDate, -(age * 365.25 + prng.int(1, 360)));
  const prefix =
    age < 16
      ? gender === 'female'
        ? 'Miss'
        : 'Master'
      : gender === 'female'
        ? prng.pick(['Mrs', 'Ms'])
        : 'Mr';
  const town = opts.practice.town;
  const postalCode = `${prng.pick(town.outwardCodes)} ${prng.int(1, 9)}${prng.pick([...POSTCODE_UNIT_LETTERS])}${prng.pick([...POSTCODE_UNIT_LETTERS])}`;
  const gps = opts.practice.clinicians.filter((c) => c.role === 'gp');
  const nurse = opts.practice.clinicians.find((c) => c.role === 'practice-nurse') ?? gps[0]!;

  const conditions: PatientProfile['conditions'] = [];
  for (const condition of LONG_TERM_CONDITIONS) {
    if (conditions.length >= 3) break;
    if (age < condition.minAge || !prng.chance(condition.prevalence)) continue;
    const onsetAge = prng.int(condition.minAge, age);
    conditions.push({ condition, onset: addDays(birthDate, onsetAge * 365.25 + prng.int(0, 300)) });
  }
  const allergyChoices = age < 16 ? ALLERGENS.filter((a) => a.category !== 'medication') : ALLERGENS;
  const allergy = prng.chance(0.3) ? prng.pick(allergyChoices) : undefined;

  const adult = age >= 18;
  const heightCm = adult
    ? gender === 'female'
      ? prng.decimal(152, 175, 0)
      : prng.decimal(165, 191, 0)
    : prng.decimal(85 + age * 5, 95 + age * 6, 0);
  const hypertensive = conditions.some((c) => c.condition.coding.code === '38341003');
  return {
    id: prng.uuid(),
    nhsNumber: opts.nhsNumber,
    gender,
    given,
    family,
    prefix,
    birthDate,
    age,
    address: {
      line: `${prng.int(1, 140)} ${prng.pick(STREETS)}`,
      city: town.name,
      district: town.district,
      postalCode,
    },
    // Ofcom keeps 07700 900000–900999 for fiction, so these can never ring anyone.
    mobile: `07700 900${String(opts.mobileSuffix).padStart(3, '0')}`,
    practice: opts.practice,
    usualGp: prng.pick(gps),
    nurse,
    conditions,
    allergy,
    heightCm,
    baselineBmi: adult ? prng.decimal(20, 34, 1) : prng.decimal(15, 19, 1),
    baselineSystolic: prng.int(112, 142) + (hypertensive ? 14 : 0),
    baselineDiastolic: prng.int(68, 88) + (hypertensive ? 6 : 0),
    baselineHba1c: prng.int(50, 72),
  };
}
