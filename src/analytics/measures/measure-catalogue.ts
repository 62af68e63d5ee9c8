/**
 * The published performance measures. Each is defined in full (numerator, denominator, period,
 * exclusions, sources, limitations) in docs/measures.md; the SQL is in measure-sql.ts.
 */
export interface MeasureDefinition {
  id: string;
  title: string;
  /** One plain-English sentence for the public page. */
  description: string;
  /** Which organisations are compared. */
  providers: 'trust' | 'gp-practice' | 'any';
  /** What the numerator counts, what the denominator counts (for table headings). */
  numeratorLabel: string;
  denominatorLabel: string;
  /** Whether a larger share is better (ranks 1 = best). */
  higherIsBetter: boolean;
  /** A median published beside the share, if the measure has one. */
  median?: { label: string; unit: 'weeks' };
  /** The operational standard, when there is one (a share, in %). */
  standard?: number;
}

export const MEASURES: readonly MeasureDefinition[] = [
  {
    id: 'ae-four-hour',
    title: 'A&E: seen within four hours',
    description:
      'Of attendances at emergency departments, the share where the patient left within four hours of arriving.',
    providers: 'trust',
    numeratorLabel: 'Within 4 hours',
    denominatorLabel: 'Attendances',
    higherIsBetter: true,
    standard: 95,
  },
  {
    id: 'rtt-18-weeks',
    title: 'Referral to treatment within 18 weeks',
    description:
      'Of patients whose treatment started after a referral, the share who started within 18 weeks of being referred, and the median wait.',
    providers: 'any',
    numeratorLabel: 'Within 18 weeks',
    denominatorLabel: 'Treatments started',
    higherIsBetter: true,
    median: { label: 'Median wait', unit: 'weeks' },
    standard: 92,
  },
  {
    id: 'childhood-immunisation',
    title: 'Childhood immunisations',
    description:
      'Of registered children turning 1, 2 or 5, the share who had the scheduled vaccinations by that birthday.',
    providers: 'gp-practice',
    numeratorLabel: 'Vaccinated on time',
    denominatorLabel: 'Children due',
    higherIsBetter: true,
    standard: 95,
  },
  {
    id: 'digital-first',
    title: 'Digital-first appointments',
    description:
      'Of GP and outpatient appointments held, the share that were video or online consultations, or were booked online.',
    providers: 'any',
    numeratorLabel: 'Digital',
    denominatorLabel: 'Appointments',
    higherIsBetter: true,
  },
];

export function measureById(id: string): MeasureDefinition | undefined {
  return MEASURES.find((m) => m.id === id);
}
