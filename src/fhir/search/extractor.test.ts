import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';

const model = loadR4Definitions();
const registry = createSearchRegistry(loadSearchParameters(), model);
const extractor = createExtractor(registry, model);

const LOINC = 'http://loinc.org';

describe('extractor', () => {
  it('returns every table, empty when nothing applies, and text for unknown types', () => {
    expect(extractor.extract({ resourceType: 'NotAType', note: 'hello' })).toEqual({
      token: [],
      string: [],
      date: [],
      number: [],
      quantity: [],
      reference: [],
      uri: [],
      composite: [],
      text: { narrative: null, content: 'hello' },
    });
  });

  it('writes a value reached twice within one parameter once', () => {
    const code = { coding: [{ system: LOINC, code: '8867-4' }] };
    const obs: FhirResource = {
      resourceType: 'Observation',
      status: 'final',
      code,
      component: [{ code }, { code: { coding: [{ system: LOINC, code: '8480-6' }] } }],
    };
    expect(extractor.extract(obs).token.filter((r) => r.param === 'combo-code')).toEqual([
      { param: 'combo-code', system: LOINC, code: '8867-4', display: null },
      { param: 'combo-code', system: LOINC, code: '8480-6', display: null },
    ]);
  });

  it('reports a parameter that fails to evaluate and still indexes the others', () => {
    // substring() needs a single input: a FHIRPath error for a patient with two given names.
    const initial = {
      url: 'http://example.org/SearchParameter/initial',
      code: 'initial',
      base: ['Patient'],
      type: 'string' as const,
      expression: 'Patient.name.given.substring(0, 1)',
    };
    const custom = createSearchRegistry([...loadSearchParameters(), initial], model);
    const errors: string[] = [];
    const withInitial = createExtractor(custom, model, {
      onError: (type, code) => errors.push(`${type}.${code}`),
    });
    const strings = (r: FhirResource) => withInitial.extract(r).string.map((x) => `${x.param}=${x.value}`);

    expect(strings({ resourceType: 'Patient', name: [{ family: 'Smith', given: ['Jo'] }] })).toContain(
      'initial=J',
    );
    expect(errors).toEqual([]);
    const rows = strings({ resourceType: 'Patient', name: [{ family: 'Smith', given: ['Jo', 'Ann'] }] });
    expect(errors).toEqual(['Patient.initial']);
    expect(rows.filter((r) => r.startsWith('initial='))).toEqual([]);
    expect(rows).toContain('family=Smith');
  });

  it('reports how each (type, parameter) pair was compiled', () => {
    const { compilation } = extractor;
    expect(compilation.native).toContainEqual({ resourceType: 'Observation', code: 'code' });
    expect(compilation.fallback).toContainEqual({
      resourceType: 'Patient',
      code: 'deceased',
      expression: 'Patient.deceased.exists() and Patient.deceased != false',
      reason: 'outside the FHIRPath subset',
    });
    expect(compilation.notIndexed).toContainEqual({
      resourceType: 'Location',
      code: 'near',
      reason: 'special parameters are not indexed',
    });
    const forced = createExtractor(registry, model, { mode: 'native' });
    expect(forced.compilation.fallback).toEqual([]);
    expect(forced.compilation.notIndexed).toContainEqual({
      resourceType: 'Patient',
      code: 'deceased',
      reason: 'outside the FHIRPath subset',
    });
  });
});
