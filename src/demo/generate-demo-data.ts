import type { Bundle, FhirResource } from '../fhir/index.js';
import { appointmentResources } from './appointments.js';
import { carerAndOperatorResources } from './carer.js';
import { createCareProviders, organizationResource, practitionerResource } from './care-providers.js';
import { SHARED_ALLERGEN } from './clinical-codes.js';
import { gpRecord } from './gp-record.js';
import { hospitalRecord } from './hospital-record.js';
import { performanceActivityResources } from './performance-activity.js';
import { createTestNhsNumbers } from './nhs-number.js';
import { drawPatientProfile } from './patient-profile.js';
import { createPrng } from './prng.js';
import { repeatRequestResources } from './repeat-medicines.js';

export const DEMO_SEED = 20_250_630;
/** "Today" in the demo world, so that ages and dates do not drift with the real clock. */
export const DEMO_REFERENCE_DATE = '2025-06-30';

export interface DemoPatient {
  id: string;
  nhsNumber: string;
  practiceOdsCode: string;
  /** The ODS codes of the hospital trusts that also hold records about the patient. */
  hospitalOdsCodes: string[];
}

export interface DemoData {
  /** Transaction Bundles to load in order: reference data first, then one record per source. */
  bundles: Bundle[];
  patients: DemoPatient[];
  /** The patient whose GP and hospital both record the same allergy. */
  multiSourcePatientId: string;
}

export interface DemoOptions {
  seed?: number;
  patients?: number;
  /** The day the demo is loaded: free appointment slots start the day after (default: now). */
  today?: Date;
}

/**
 * A small, deterministic, UK-flavoured population: three GP practices and two hospital trusts with
 * their clinicians, and patients registered at the practices (NHS numbers from the 999 test range),
 * some of whom were also seen in hospital.
 */
export function generateDemoData(options: DemoOptions = {}): DemoData {
  const prng = createPrng(options.seed ?? DEMO_SEED);
  const referenceDate = new Date(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
  const count = options.patients ?? 25;
  const { practices, trusts } = createCareProviders(prng);

  const reference: FhirResource[] = [];
  for (const provider of [...practices, ...trusts]) {
    reference.push(organizationResource(provider, prng));
    for (const c of provider.clinicians) reference.push(practitionerResource(c, provider, prng));
  }
  const bundles: Bundle[] = [transaction(reference)];

  const nextNhsNumber = createTestNhsNumbers(prng);
  const patients: DemoPatient[] = [];
  const hospitalBundles: Bundle[] = [];
  // Every fifth patient was also seen in hospital; the second of them is the worked example of one
  // allergy recorded by two sources.
  const multiSourceIndex = Math.min(6, count - 1);
  let multiSourcePatientId = '';
  for (let i = 0; i < count; i++) {
    const practice = practices[i % practices.length]!;
    const profile = drawPatientProfile(prng, {
      practice,
      nhsNumber: nextNhsNumber(),
      referenceDate,
      mobileSuffix: 100 + i,
    });
    const multiSource = i === multiSourceIndex;
    if (multiSource) {
      profile.allergy = SHARED_ALLERGEN;
      multiSourcePatientId = profile.id;
    }
    bundles.push(transaction(gpRecord(prng, profile, referenceDate)));
    const patient: DemoPatient = {
      id: profile.id,
      nhsNumber: profile.nhsNumber,
      practiceOdsCode: practice.odsCode,
      hospitalOdsCodes: [],
    };
    if (multiSource || i % 5 === 1) {
      const trust = trusts[i % trusts.length]!;
      hospitalBundles.push(
        transaction(
          hospitalRecord(prng, profile, trust, {
            referenceDate,
            allergy: multiSource ? SHARED_ALLERGEN : undefined,
          }),
        ),
      );
      patient.hospitalOdsCodes.push(trust.odsCode);
    }
    patients.push(patient);
  }
  bundles.push(...hospitalBundles);
  // The demo sign-in accounts' carer (proxy for the multi-source patient) and operator staff.
  bundles.push(
    transaction(
      carerAndOperatorResources({
        patientId: multiSourcePatientId,
        // The carer's father: the first demo patient who is not the carer's son.
        ...(patients.find((x) => x.id !== multiSourcePatientId)
          ? { fatherId: patients.find((x) => x.id !== multiSourcePatientId)!.id }
          : {}),
        agreedOn: DEMO_REFERENCE_DATE,
      }),
    ),
  );
  // Appointment books and repeat requests hang off "today", not the fixed reference date, so booking
  // always has free slots; their own generator keeps the records above unchanged.
  const today = options.today ?? new Date();
  const bookingPrng = createPrng((options.seed ?? DEMO_SEED) + 1);
  const practiceIdOf = (odsCode: string) => practices.find((p) => p.odsCode === odsCode)!;
  const onList = patients.map((p) => ({ id: p.id, practiceId: practiceIdOf(p.practiceOdsCode).id }));
  bundles.push(transaction(appointmentResources(bookingPrng, { practices, patients: onList, today })));
  bundles.push(
    transaction(
      repeatRequestResources(bookingPrng, {
        bundles,
        practiceOf: (id) => {
          const ods = patients.find((p) => p.id === id)?.practiceOdsCode;
          return ods ? practiceIdOf(ods) : undefined;
        },
        today,
      }),
    ),
  );
  // Activity behind the published performance measures, from a seed of its own.
  const activityPrng = createPrng((options.seed ?? DEMO_SEED) + 2);
  bundles.push(
    transaction(performanceActivityResources(activityPrng, { practices, trusts, patients: onList })),
  );
  return { bundles, patients, multiSourcePatientId };
}

/**
 * PUT with the generated ids: loading the demo again changes nothing, because unchanged content
 * makes no new version.
 */
function transaction(resources: FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${resource.id}`,
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  };
}
