import type { MessageId } from '../i18n/catalogue.js';
import type { CodeMatch } from './concept-text.js';
import { LOINC, SNOMED } from './code-systems.js';

/** One line on a test's chart: the observation's own value, or one of its components. */
export interface TestSeries {
  id: string;
  labelId: MessageId;
  /** The component codes this series reads; absent for the observation's own value. */
  component?: readonly CodeMatch[];
}

/**
 * A test or measurement the pages know by name: how to find it (any of its codes, LOINC or SNOMED
 * CT, as different systems record it), what to call it, how to explain it, and what to chart.
 */
export interface KnownTest {
  /** Used in the address: /test-results/hba1c. */
  id: string;
  nameId: MessageId;
  /** The name as it reads inside a sentence ("all your blood pressure results"). */
  inSentenceId: MessageId;
  aboutId: MessageId;
  codes: readonly CodeMatch[];
  series: readonly TestSeries[];
  /**
   * The unit charted. Results in other units (HbA1c in % from older systems) are listed in the
   * table but not drawn on the same axis, as converting clinical values is not the pages' job.
   */
  unit: string;
}

const loinc = (code: string): CodeMatch => ({ system: LOINC, code });
const sct = (code: string): CodeMatch => ({ system: SNOMED, code });

export const KNOWN_TESTS: readonly KnownTest[] = [
  {
    id: 'hba1c',
    nameId: 'test.hba1c.name',
    inSentenceId: 'test.hba1c.inSentence',
    aboutId: 'test.hba1c.about',
    codes: [loinc('4548-4'), loinc('59261-8'), loinc('17856-6'), sct('999791000000106')],
    series: [{ id: 'value', labelId: 'test.hba1c.series' }],
    unit: 'mmol/mol',
  },
  {
    id: 'blood-pressure',
    nameId: 'test.bloodPressure.name',
    inSentenceId: 'test.bloodPressure.inSentence',
    aboutId: 'test.bloodPressure.about',
    codes: [loinc('85354-9'), loinc('55284-4'), sct('75367002'), sct('163020007')],
    series: [
      {
        id: 'systolic',
        labelId: 'test.bloodPressure.systolic',
        component: [loinc('8480-6'), sct('271649006')],
      },
      {
        id: 'diastolic',
        labelId: 'test.bloodPressure.diastolic',
        component: [loinc('8462-4'), sct('271650006')],
      },
    ],
    unit: 'mmHg',
  },
  {
    id: 'weight',
    nameId: 'test.weight.name',
    inSentenceId: 'test.weight.inSentence',
    aboutId: 'test.weight.about',
    codes: [loinc('29463-7'), loinc('3141-9'), sct('27113001')],
    series: [{ id: 'value', labelId: 'test.weight.series' }],
    unit: 'kg',
  },
  {
    id: 'bmi',
    nameId: 'test.bmi.name',
    inSentenceId: 'test.bmi.inSentence',
    aboutId: 'test.bmi.about',
    codes: [loinc('39156-5'), sct('60621009')],
    series: [{ id: 'value', labelId: 'test.bmi.series' }],
    unit: 'kg/m2',
  },
  {
    id: 'height',
    nameId: 'test.height.name',
    inSentenceId: 'test.height.inSentence',
    aboutId: 'test.height.about',
    codes: [loinc('8302-2'), loinc('8306-3'), sct('50373000')],
    series: [{ id: 'value', labelId: 'test.height.series' }],
    unit: 'cm',
  },
];

export function knownTest(id: string): KnownTest | undefined {
  return KNOWN_TESTS.find((t) => t.id === id);
}
