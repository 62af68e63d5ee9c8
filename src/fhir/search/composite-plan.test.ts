import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';
import type { ComponentValue } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const composites = (resource: FhirResource, param: string) =>
  extractor
    .extract(resource)
    .composite.filter((r) => r.param === param)
    .map((r) => r.components);

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const token = (code: string, system: string | null = LOINC): ComponentValue => ({
  type: 'token',
  system,
  code,
});
const mmHg = (value: number, low: string, high: string): ComponentValue => ({
  type: 'quantity',
  value: String(value),
  low,
  high,
  system: UCUM,
  code: 'mm[Hg]',
  unit: 'mmHg',
});

const bloodPressure: FhirResource = {
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
  component: [
    {
      code: { coding: [{ system: LOINC, code: '8480-6' }] },
      valueQuantity: { value: 120, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: LOINC, code: '8462-4' }] },
      valueQuantity: { value: 80, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    { code: { coding: [{ system: LOINC, code: '8478-0' }] }, dataAbsentReason: { text: 'not measured' } },
  ],
};

describe('composite rows', () => {
  it('code-value-quantity: one row for the Observation, components in definition order', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '8310-5' }], text: 'Body temperature' },
      valueQuantity: { value: 37.2, unit: 'C', system: UCUM, code: 'Cel' },
    };
    expect(composites(obs, 'code-value-quantity')).toEqual([
      [
        token('8310-5'),
        {
          type: 'quantity',
          value: '37.2',
          low: '37.15',
          high: '37.25',
          system: UCUM,
          code: 'Cel',
          unit: 'C',
        },
      ],
    ]);
  });

  it('component-code-value-quantity: one row per component, never mixing two components', () => {
    expect(composites(bloodPressure, 'component-code-value-quantity')).toEqual([
      [token('8480-6'), mmHg(120, '119.5', '120.5')],
      [token('8462-4'), mmHg(80, '79.5', '80.5')],
    ]);
    // The panel itself has no value, so code-value-quantity has nothing to pair its code with.
    expect(composites(bloodPressure, 'code-value-quantity')).toEqual([]);
  });

  it('combo-code-value-quantity: the Observation and each component', () => {
    const obs = { ...bloodPressure, valueQuantity: { value: 1, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' } };
    expect(composites(obs, 'combo-code-value-quantity')).toEqual([
      [token('85354-9'), mmHg(1, '0.5', '1.5')],
      [token('8480-6'), mmHg(120, '119.5', '120.5')],
      [token('8462-4'), mmHg(80, '79.5', '80.5')],
    ]);
  });

  it('every combination of an element’s component values (two codings, one value)', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: {
        coding: [
          { system: LOINC, code: '2339-0' },
          { system: 'http://snomed.info/sct', code: '33747003' },
        ],
      },
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009' }] },
    };
    expect(composites(obs, 'code-value-concept')).toEqual([
      [token('2339-0'), token('260385009', 'http://snomed.info/sct')],
      [token('33747003', 'http://snomed.info/sct'), token('260385009', 'http://snomed.info/sct')],
    ]);
  });

  it('code-value-date and code-value-string pick their value type', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: 'x' }] },
    };
    expect(composites({ ...obs, valueDateTime: '2020-02' }, 'code-value-date')).toEqual([
      [token('x'), { type: 'date', low: '2020-02-01T00:00:00.000Z', high: '2020-03-01T00:00:00.000Z' }],
    ]);
    expect(composites({ ...obs, valueString: 'A+' }, 'code-value-string')).toEqual([
      [token('x'), { type: 'string', value: 'A+' }],
    ]);
    expect(composites({ ...obs, valueString: 'A+' }, 'code-value-date')).toEqual([]);
  });

  it('context-type-quantity on a shared base (UsageContext), Quantity or Range', () => {
    const vs = {
      resourceType: 'ValueSet',
      status: 'draft',
      useContext: [
        { code: { system: 'urn:ctx', code: 'age' }, valueRange: { low: { value: 18 }, high: { value: 65 } } },
        { code: { system: 'urn:ctx', code: 'focus' }, valueCodeableConcept: { text: 'x' } },
      ],
    };
    expect(composites(vs, 'context-type-quantity')).toEqual([
      [
        { type: 'token', system: 'urn:ctx', code: 'age' },
        { type: 'quantity', value: '18', low: '18', high: '65', system: null, code: null, unit: null },
      ],
    ]);
  });

  it('%resource inside a component reads the indexed resource', () => {
    const sequence = {
      resourceType: 'MolecularSequence',
      coordinateSystem: 0,
      referenceSeq: { chromosome: { coding: [{ system: 'urn:chr', code: '1' }] } },
      variant: [{ start: 10, end: 12 }],
    };
    expect(composites(sequence, 'chromosome-variant-coordinate')).toEqual([
      [
        { type: 'token', system: 'urn:chr', code: '1' },
        { type: 'number', value: '10', low: '9.5', high: '10.5' },
        { type: 'number', value: '12', low: '11.5', high: '12.5' },
      ],
    ]);
  });
});
