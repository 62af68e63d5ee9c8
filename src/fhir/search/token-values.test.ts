import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const tokens = (resource: FhirResource, param: string) =>
  extractor.extract(resource).token.filter((r) => r.param === param);

describe('token rows', () => {
  it('Coding: system|code with its display', () => {
    const r = {
      resourceType: 'Patient',
      meta: { tag: [{ system: 'urn:t', code: 'a', display: 'A' }, { code: 'b' }] },
    };
    expect(tokens(r, '_tag')).toEqual([
      { param: '_tag', system: 'urn:t', code: 'a', display: 'A' },
      { param: '_tag', system: null, code: 'b', display: null },
    ]);
  });

  it('CodeableConcept: each coding, and the text as a display-only row when no coding shows it', () => {
    const code = {
      coding: [
        { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
        { system: 'http://snomed.info/sct', code: '364075005' },
      ],
      text: 'Pulse',
    };
    expect(tokens({ resourceType: 'Observation', status: 'final', code }, 'code')).toEqual([
      { param: 'code', system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
      { param: 'code', system: 'http://snomed.info/sct', code: '364075005', display: null },
      { param: 'code', system: null, code: null, display: 'Pulse' },
    ]);
    const same = {
      coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Pulse' }],
      text: 'Pulse',
    };
    expect(tokens({ resourceType: 'Observation', code: same }, 'code')).toEqual([
      { param: 'code', system: 'http://loinc.org', code: '8867-4', display: 'Pulse' },
    ]);
  });

  it('Identifier: system|value, with each type coding for :of-type', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' },
        {
          system: 'http://hospital.example/mrn',
          value: 'M1',
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        },
        { use: 'old' },
      ],
    };
    expect(tokens(patient, 'identifier')).toEqual([
      {
        param: 'identifier',
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        code: '9000000009',
        display: null,
        typeSystem: null,
        typeCode: null,
      },
      {
        param: 'identifier',
        system: 'http://hospital.example/mrn',
        code: 'M1',
        display: null,
        typeSystem: 'http://terminology.hl7.org/CodeSystem/v2-0203',
        typeCode: 'MR',
      },
    ]);
  });

  it('ContactPoint: its value, filtered by system for phone and email', () => {
    const patient = {
      resourceType: 'Patient',
      telecom: [
        { system: 'phone', value: '01632 960001', use: 'home' },
        { system: 'email', value: 'jo@example.org' },
        { system: 'fax', value: '01632 960002' },
      ],
    };
    const row = (param: string, code: string) => ({ param, system: null, code, display: null });
    expect(tokens(patient, 'phone')).toEqual([row('phone', '01632 960001')]);
    expect(tokens(patient, 'email')).toEqual([row('email', 'jo@example.org')]);
    expect(tokens(patient, 'telecom')).toEqual([
      row('telecom', '01632 960001'),
      row('telecom', 'jo@example.org'),
      row('telecom', '01632 960002'),
    ]);
  });

  it('boolean: "true"/"false"; code and id: the code without a system', () => {
    const patient = { resourceType: 'Patient', id: 'p1', active: false, gender: 'female' };
    expect(tokens(patient, 'active')).toEqual([
      { param: 'active', system: null, code: 'false', display: null },
    ]);
    expect(tokens(patient, 'gender')).toEqual([
      { param: 'gender', system: null, code: 'female', display: null },
    ]);
    expect(tokens(patient, '_id')).toEqual([{ param: '_id', system: null, code: 'p1', display: null }]);
  });

  it('choice types: only the type the expression asks for', () => {
    const group = {
      resourceType: 'Group',
      type: 'person',
      actual: true,
      characteristic: [
        { code: { text: 'smoker' }, valueBoolean: true, exclude: false },
        { code: { text: 'sex' }, valueCodeableConcept: { coding: [{ code: 'F' }] }, exclude: false },
        { code: { text: 'age' }, valueQuantity: { value: 40 }, exclude: false },
      ],
    };
    expect(tokens(group, 'value')).toEqual([
      { param: 'value', system: null, code: 'true', display: null },
      { param: 'value', system: null, code: 'F', display: null },
    ]);
  });

  it('extension access: the value of the extension with that url', () => {
    const device = {
      resourceType: 'Device',
      extension: [
        {
          url: 'http://hl7.org/fhir/SearchParameter/device-extensions-Device-din',
          valueIdentifier: { system: 'urn:din', value: 'D1' },
        },
        { url: 'http://example.org/other', valueIdentifier: { system: 'urn:din', value: 'X' } },
      ],
    };
    expect(tokens(device, 'din')).toEqual([
      { param: 'din', system: 'urn:din', code: 'D1', display: null, typeSystem: null, typeCode: null },
    ]);
  });

  it('Patient.deceased (evaluated by the fhirpath library): true for a date or true, false otherwise', () => {
    const row = (code: string) => [{ param: 'deceased', system: null, code, display: null }];
    expect(tokens({ resourceType: 'Patient', deceasedDateTime: '2020-01-01' }, 'deceased')).toEqual(
      row('true'),
    );
    expect(tokens({ resourceType: 'Patient', deceasedBoolean: true }, 'deceased')).toEqual(row('true'));
    expect(tokens({ resourceType: 'Patient', deceasedBoolean: false }, 'deceased')).toEqual(row('false'));
    expect(tokens({ resourceType: 'Patient' }, 'deceased')).toEqual(row('false'));
  });

  it('skips absent values: primitives with only extensions, empty strings, wrong JSON types', () => {
    const patient = {
      resourceType: 'Patient',
      _gender: { extension: [{ url: 'http://example.org/x', valueString: 'unknown' }] },
      identifier: [{ system: '', value: '' }, 'not an object'],
      telecom: [{ system: 'phone' }],
    };
    const rows = extractor.extract(patient as FhirResource).token;
    expect(rows.filter((r) => r.param !== 'deceased')).toEqual([]);
  });
});
