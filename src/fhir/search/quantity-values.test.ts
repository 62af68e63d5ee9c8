import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const rowsOf = (resource: FhirResource) => extractor.extract(resource);

const UCUM = 'http://unitsofmeasure.org';

describe('number rows', () => {
  it('decimals and integers with their implicit precision range', () => {
    const risk = {
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: {},
      prediction: [{ probabilityDecimal: 0.25 }, { probabilityDecimal: 100 }],
    };
    expect(rowsOf(risk).number).toEqual([
      { param: 'probability', value: '0.25', low: '0.245', high: '0.255' },
      { param: 'probability', value: '100', low: '99.5', high: '100.5' },
    ]);
    const sequence = {
      resourceType: 'MolecularSequence',
      coordinateSystem: 0,
      variant: [{ start: 41, end: 42 }],
    };
    expect(rowsOf(sequence).number).toEqual([
      { param: 'variant-end', value: '42', low: '41.5', high: '42.5' },
      { param: 'variant-start', value: '41', low: '40.5', high: '41.5' },
    ]);
  });

  it('a Range with its stated bounds, open where a bound is absent', () => {
    const risk = {
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: {},
      prediction: [
        { probabilityRange: { low: { value: 0.1 }, high: { value: 0.3 } } },
        { probabilityRange: { low: { value: 0.5 } } },
      ],
    };
    expect(rowsOf(risk).number).toEqual([
      { param: 'probability', value: '0.1', low: '0.1', high: '0.3' },
      { param: 'probability', value: '0.5', low: '0.5', high: 'Infinity' },
    ]);
  });
});

describe('quantity rows', () => {
  it('Quantity: value with its precision range, system, code and unit', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: {},
      valueQuantity: { value: 5.4, unit: 'mmol/l', system: UCUM, code: 'mmol/L' },
    };
    const row = { value: '5.4', low: '5.35', high: '5.45', system: UCUM, code: 'mmol/L', unit: 'mmol/l' };
    expect(rowsOf(obs).quantity).toEqual([
      { param: 'combo-value-quantity', ...row },
      { param: 'value-quantity', ...row },
    ]);
  });

  it('Quantity profiles (Age) and Range, as the expression selects them', () => {
    const condition = {
      resourceType: 'Condition',
      subject: {},
      onsetAge: { value: 52, unit: 'years', system: UCUM, code: 'a' },
    };
    expect(rowsOf(condition).quantity).toEqual([
      { param: 'onset-age', value: '52', low: '51.5', high: '52.5', system: UCUM, code: 'a', unit: 'years' },
    ]);
    const ranged = {
      resourceType: 'Condition',
      subject: {},
      abatementRange: {
        low: { value: 60, system: UCUM, code: 'a' },
        high: { value: 65, system: UCUM, code: 'a' },
      },
    };
    expect(rowsOf(ranged).quantity).toEqual([
      { param: 'abatement-age', value: '60', low: '60', high: '65', system: UCUM, code: 'a', unit: null },
    ]);
  });

  it('Money: the currency as an ISO 4217 code', () => {
    const invoice = {
      resourceType: 'Invoice',
      status: 'issued',
      totalNet: { value: 120.5, currency: 'GBP' },
    };
    expect(rowsOf(invoice).quantity).toEqual([
      {
        param: 'totalnet',
        value: '120.5',
        low: '120.45',
        high: '120.55',
        system: 'urn:iso:std:iso:4217',
        code: 'GBP',
        unit: null,
      },
    ]);
  });

  it('no row without a numeric value; SampledData is not indexed', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: {}, valueQuantity: { unit: 'mg' } };
    expect(rowsOf(obs).quantity).toEqual([]);
    const sampled = {
      ...obs,
      valueQuantity: undefined,
      valueSampledData: { origin: { value: 0 }, period: 10, dimensions: 1, data: '1 2 3' },
    };
    expect(rowsOf(sampled).quantity).toEqual([]);
  });
});
