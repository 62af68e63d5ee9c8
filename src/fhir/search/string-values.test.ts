import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const strings = (resource: FhirResource, param: string) =>
  extractor
    .extract(resource)
    .string.filter((r) => r.param === param)
    .map((r) => r.value);

const patient: FhirResource = {
  resourceType: 'Patient',
  name: [
    { use: 'official', family: 'Smith', given: ['Jo', 'Anne'], prefix: ['Dr'], suffix: ['PhD'] },
    { use: 'usual', text: 'Jo Smith', given: ['Joey'] },
  ],
  address: [
    {
      line: ['1 High Street', 'Flat 2'],
      city: 'Leeds',
      district: 'West Yorkshire',
      state: 'England',
      postalCode: 'LS1 1AA',
      country: 'GB',
      text: '1 High Street, Leeds',
    },
  ],
};

describe('string rows', () => {
  it('HumanName: family, each given, prefix, suffix and text, as written', () => {
    expect(strings(patient, 'name')).toEqual(['Smith', 'Jo', 'Anne', 'Dr', 'PhD', 'Joey', 'Jo Smith']);
    expect(strings(patient, 'family')).toEqual(['Smith']);
    expect(strings(patient, 'given')).toEqual(['Jo', 'Anne', 'Joey']);
  });

  it('Address: each line, city, district, state, postalCode, country and text', () => {
    expect(strings(patient, 'address')).toEqual([
      '1 High Street',
      'Flat 2',
      'Leeds',
      'West Yorkshire',
      'England',
      'LS1 1AA',
      'GB',
      '1 High Street, Leeds',
    ]);
    expect(strings(patient, 'address-postalcode')).toEqual(['LS1 1AA']);
  });

  it('string elements, and unions of them', () => {
    const org = {
      resourceType: 'Organization',
      name: 'Leeds Teaching Hospitals',
      alias: ['LTHT', 'Leeds TH'],
    };
    expect(strings(org, 'name')).toEqual(['Leeds Teaching Hospitals', 'LTHT', 'Leeds TH']);
  });

  it('choice types: `as string` and a CodeableConcept text', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      valueString: 'positive',
    };
    expect(strings(obs, 'value-string')).toEqual(['positive']);
    const coded = { ...obs, valueString: undefined, valueCodeableConcept: { text: 'Detected' } };
    expect(strings(coded, 'value-string')).toEqual(['Detected']);
    const condition = { resourceType: 'Condition', subject: {}, onsetString: 'in childhood' };
    expect(strings(condition, 'onset-info')).toEqual(['in childhood']);
  });

  it('leaves out empty and absent parts', () => {
    const sparse = {
      resourceType: 'Patient',
      name: [{ family: '', given: [null, 'Ann'], _given: [{}, null] }],
    };
    expect(strings(sparse as FhirResource, 'name')).toEqual(['Ann']);
  });
});
