import { describe, expect, it } from 'vitest';
import type { Observation } from '../fhir/resources.js';
import { conceptText } from './concept-text.js';
import { knownTest } from './known-tests.js';
import { formatNhsNumber } from './nhs-number.js';
import { formatResult } from './observation-values.js';
import { odsCodeOfSource } from './record-source.js';

const number = (v: number) => new Intl.NumberFormat('en-GB').format(v);

describe('clinical helpers', () => {
  it('shows coded entries by their words, never their codes', () => {
    expect(conceptText({ text: 'Asthma', coding: [{ code: '195967001' }] })).toBe('Asthma');
    expect(conceptText({ coding: [{ code: '195967001' }, { code: 'x', display: 'Asthma' }] })).toBe('Asthma');
    expect(
      conceptText({ coding: [{ system: 'http://snomed.info/sct', code: '195967001' }] }),
    ).toBeUndefined();
  });

  it('writes NHS numbers in groups of 3, 3 and 4', () => {
    expect(formatNhsNumber('9996396223')).toBe('999 639 6223');
    expect(formatNhsNumber('not one')).toBe('not one');
  });

  it('finds the ODS code that ends a record source', () => {
    expect(odsCodeOfSource('https://heartwood.nhs.example/source/gp/Y99901')).toBe('Y99901');
    expect(odsCodeOfSource('https://heartwood.nhs.example/source/hospital/r9a')).toBe('R9A');
    expect(odsCodeOfSource('urn:uuid:1234')).toBeUndefined();
    expect(odsCodeOfSource(undefined)).toBeUndefined();
  });

  it('formats results: quantities, and blood pressure as systolic/diastolic', () => {
    const hba1c: Observation = {
      resourceType: 'Observation',
      valueQuantity: { value: 52, unit: 'mmol/mol' },
    };
    expect(formatResult(hba1c, knownTest('hba1c'), number)).toBe('52 mmol/mol');
    const bmi: Observation = { resourceType: 'Observation', valueQuantity: { value: 27.4, code: 'kg/m2' } };
    expect(formatResult(bmi, undefined, number)).toBe('27.4 kg/m²');
    const bp: Observation = {
      resourceType: 'Observation',
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: { value: 82, unit: 'mmHg' },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: { value: 128, unit: 'mmHg' },
        },
      ],
    };
    expect(formatResult(bp, knownTest('blood-pressure'), number)).toBe('128/82 mmHg');
  });
});
