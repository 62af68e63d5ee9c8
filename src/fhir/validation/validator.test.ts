import { describe, expect, it } from 'vitest';
import type { Issue } from '../operation-outcome.js';
import {
  createValidator,
  loadR4Definitions,
  ValidationCode,
  type StructureModel,
  type Validator,
} from './index.js';

const validator: Validator = createValidator(loadR4Definitions());

const validate = (resource: unknown): Issue[] => validator.validate(resource);

/** Asserts exactly one issue, with the given path, IssueType and detailsCode. */
function expectOnly(resource: unknown, expression: string, code: Issue['code'], detailsCode: string): Issue {
  const issues = validate(resource);
  expect(issues.map((i) => ({ expression: i.expression, code: i.code, detailsCode: i.detailsCode }))).toEqual(
    [{ expression: [expression], code, detailsCode }],
  );
  const issue = issues[0]!;
  expect(issue.severity).toBe('error');
  expect(issue.diagnostics.length).toBeGreaterThan(10);
  return issue;
}

const observation = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'weight' },
  ...extra,
});

describe('valid resources', () => {
  it('accepts primitives, extensions on primitives, choice types and references', () => {
    const patient = {
      resourceType: 'Patient',
      id: 'pat-1.a',
      meta: { versionId: '1', lastUpdated: '2024-01-02T03:04:05.123+01:00' },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
      active: true,
      name: [
        {
          family: 'Smith',
          given: ['A', null, 'C'],
          _given: [null, { extension: [{ url: 'u', valueString: 'B' }] }, null],
        },
      ],
      gender: 'female',
      birthDate: '1970',
      _birthDate: {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
            valueDateTime: '1970-01-01T10:00:00Z',
          },
        ],
      },
      multipleBirthInteger: 2,
      deceasedBoolean: false,
      managingOrganization: { reference: 'Organization/org-1/_history/3' },
      generalPractitioner: [
        { reference: 'urn:uuid:9a7f5b3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' },
        { reference: 'https://example.org/fhir/Practitioner/1' },
        { reference: '#p1' },
        { reference: 'urn:oid:1.2.3.4' },
      ],
      contained: [{ resourceType: 'Practitioner', id: 'p1', name: [{ text: 'Dr\u00a0Who' }] }],
      contact: [{ name: { family: 'X' }, gender: 'other' }],
    };
    expect(validate(patient)).toEqual([]);
  });

  it('accepts a primitive with only extensions, and a null placeholder in a primitive array', () => {
    const patient = {
      resourceType: 'Patient',
      _gender: { extension: [{ url: 'http://example.org/why', valueCode: 'asked' }] },
      name: [{ _given: [{ id: 'g1' }] }],
    };
    expect(validate(patient)).toEqual([]);
  });

  it('recurses into contentReference elements (Questionnaire.item.item)', () => {
    const q = {
      resourceType: 'Questionnaire',
      status: 'active',
      item: [
        {
          linkId: '1',
          type: 'group',
          item: [{ linkId: '1.1', type: 'string', item: [{ linkId: '1.1.1', type: 'display' }] }],
        },
      ],
    };
    expect(validate(q)).toEqual([]);
  });

  it('lists the concrete resource types', () => {
    expect(validator.isKnownResourceType('Patient')).toBe(true);
    expect(validator.isKnownResourceType('Resource')).toBe(false);
    expect(validator.isKnownResourceType('DomainResource')).toBe(false);
    expect(validator.isKnownResourceType('HumanName')).toBe(false);
    expect(validator.resourceTypes()).toHaveLength(146);
    expect(validator.resourceTypes()).toContain('Bundle');
  });
});

describe('structure', () => {
  it('rejects a value that is not an object, and a missing or unknown resourceType', () => {
    expect(validate('Patient')).toMatchObject([
      { code: 'structure', detailsCode: ValidationCode.NOT_AN_OBJECT },
    ]);
    expect(validate([])).toMatchObject([{ code: 'structure', detailsCode: ValidationCode.NOT_AN_OBJECT }]);
    expect(validate({ id: 'x' })).toMatchObject([
      { code: 'required', detailsCode: ValidationCode.MISSING_RESOURCE_TYPE },
    ]);
    expectOnly({ resourceType: 'Patientt' }, 'resourceType', 'invalid', ValidationCode.UNKNOWN_RESOURCE_TYPE);
    expectOnly(
      { resourceType: 'DomainResource' },
      'resourceType',
      'invalid',
      ValidationCode.UNKNOWN_RESOURCE_TYPE,
    );
    expectOnly({ resourceType: 7 }, 'resourceType', 'structure', ValidationCode.WRONG_JSON_TYPE);
  });

  it('rejects unknown elements', () => {
    expectOnly(
      { resourceType: 'Patient', foo: 1 },
      'Patient.foo',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{ family: 'x', middle: 'y' }] },
      'Patient.name[0].middle',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    // `_x` is only for primitives
    expectOnly(
      { resourceType: 'Patient', _name: [{}] },
      'Patient._name',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    // resourceType belongs to resources, not to data types
    expectOnly(
      { resourceType: 'Patient', name: [{ resourceType: 'HumanName', family: 'x' }] },
      'Patient.name[0].resourceType',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
  });

  it('rejects misspelled choice types', () => {
    const issue = expectOnly(
      observation({ valueFoo: 1 }),
      'Observation.valueFoo',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    expect(issue.diagnostics).toContain('valueQuantity');
    expectOnly(
      observation({ valuestring: 'x' }),
      'Observation.valuestring',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    expectOnly(observation({ value: 'x' }), 'Observation.value', 'structure', ValidationCode.UNKNOWN_ELEMENT);
  });

  it('rejects two values for one choice element', () => {
    expectOnly(
      { resourceType: 'Patient', deceasedBoolean: true, deceasedDateTime: '2020-01-01' },
      'Patient.deceasedDateTime',
      'structure',
      ValidationCode.MULTIPLE_CHOICE_VALUES,
    );
    expectOnly(
      { resourceType: 'Patient', deceasedBoolean: true, _deceasedDateTime: { id: 'x' } },
      'Patient.deceasedDateTime',
      'structure',
      ValidationCode.MULTIPLE_CHOICE_VALUES,
    );
  });

  it('rejects wrong JSON types', () => {
    expectOnly(
      { resourceType: 'Patient', active: 'true' },
      'Patient.active',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
    expectOnly(
      observation({ valueQuantity: { value: '5.0', unit: 'kg' } }),
      'Observation.valueQuantity.value',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
    expectOnly(
      { resourceType: 'Patient', birthDate: 19700101 },
      'Patient.birthDate',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
    expectOnly(
      { resourceType: 'Patient', maritalStatus: 'M' },
      'Patient.maritalStatus',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
    expectOnly(
      { resourceType: 'Patient', multipleBirthInteger: 1.5 },
      'Patient.multipleBirthInteger',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    expectOnly(
      { resourceType: 'Patient', _birthDate: 'x' },
      'Patient.birthDate',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
  });

  it('rejects an array for a max-1 element and a single value for a repeating one', () => {
    expectOnly(
      { resourceType: 'Patient', gender: ['male'] },
      'Patient.gender',
      'structure',
      ValidationCode.ARRAY_NOT_ALLOWED,
    );
    expectOnly(
      { resourceType: 'Patient', name: { family: 'x' } },
      'Patient.name',
      'structure',
      ValidationCode.ARRAY_REQUIRED,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{ given: 'Ann' }] },
      'Patient.name[0].given',
      'structure',
      ValidationCode.ARRAY_REQUIRED,
    );
  });

  it('rejects empty objects, empty arrays, empty strings and nulls', () => {
    expectOnly(
      { resourceType: 'Patient', meta: {} },
      'Patient.meta',
      'structure',
      ValidationCode.EMPTY_OBJECT,
    );
    expectOnly(
      { resourceType: 'Patient', name: [] },
      'Patient.name',
      'structure',
      ValidationCode.EMPTY_ARRAY,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{}] },
      'Patient.name[0]',
      'structure',
      ValidationCode.EMPTY_OBJECT,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{ given: ['Ann', ''] }] },
      'Patient.name[0].given[1]',
      'value',
      ValidationCode.EMPTY_STRING,
    );
    expectOnly(
      { resourceType: 'Patient', gender: null },
      'Patient.gender',
      'structure',
      ValidationCode.NULL_VALUE,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{ given: ['Ann', null] }] },
      'Patient.name[0].given[1]',
      'structure',
      ValidationCode.NULL_VALUE,
    );
    expectOnly(
      { resourceType: 'Patient', name: [null] },
      'Patient.name[0]',
      'structure',
      ValidationCode.NULL_VALUE,
    );
  });

  it('checks that primitive extensions line up with their values', () => {
    expectOnly(
      { resourceType: 'Patient', name: [{ given: ['A', 'B'], _given: [{ id: 'x' }] }] },
      'Patient.name[0].given',
      'structure',
      ValidationCode.MISALIGNED_PRIMITIVE_EXTENSION,
    );
    expectOnly(
      { resourceType: 'Patient', birthDate: '1970', _birthDate: [{ id: 'x' }] },
      'Patient.birthDate',
      'structure',
      ValidationCode.MISALIGNED_PRIMITIVE_EXTENSION,
    );
    expectOnly(
      { resourceType: 'Patient', name: [{ given: [null, 'B'], _given: [null, { id: 'x' }] }] },
      'Patient.name[0].given[0]',
      'structure',
      ValidationCode.NULL_VALUE,
    );
    expectOnly(
      { resourceType: 'Patient', _birthDate: { extension: [{ valueString: 'x' }] } },
      'Patient.birthDate.extension[0].url',
      'required',
      ValidationCode.REQUIRED_ELEMENT_MISSING,
    );
    // Element.id and Extension.url are FHIRPath system types: no `_id` / `_url`.
    expectOnly(
      { resourceType: 'Patient', extension: [{ url: 'u', _url: { id: 'x' }, valueString: 'x' }] },
      'Patient.extension[0]._url',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
  });

  it('reports more repetitions than a numeric maximum allows', () => {
    const model: StructureModel = {
      fhirVersion: '4.0.1',
      primitives: {
        string: { json: 'string' },
        id: { json: 'string', pattern: '^.+$' },
        uuid: { json: 'string', pattern: '^.+$' },
        oid: { json: 'string', pattern: '^.+$' },
      },
      types: {
        Element: {
          kind: 'complex-type',
          elements: [{ p: 'id', min: 0, max: '1', sys: true, t: ['string'] }],
        },
        Thing: { kind: 'resource', elements: [{ p: 'tag', min: 0, max: '2', t: ['string'] }] },
      },
      valueSets: {},
    };
    const tiny = createValidator(model);
    expect(tiny.validate({ resourceType: 'Thing', tag: ['a', 'b'] })).toEqual([]);
    expect(tiny.validate({ resourceType: 'Thing', tag: ['a', 'b', 'c'] })).toMatchObject([
      { expression: ['Thing.tag'], code: 'structure', detailsCode: ValidationCode.TOO_MANY_VALUES },
    ]);
  });
});

describe('required elements', () => {
  it('reports each missing required element', () => {
    const issues = validate({ resourceType: 'Observation', subject: { reference: 'Patient/1' } });
    expect(issues.map((i) => [i.expression, i.code, i.detailsCode])).toEqual([
      [['Observation.status'], 'required', ValidationCode.REQUIRED_ELEMENT_MISSING],
      [['Observation.code'], 'required', ValidationCode.REQUIRED_ELEMENT_MISSING],
    ]);
  });

  it('treats a required choice element as present in any of its types', () => {
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/1' },
    };
    expectOnly(request, 'MedicationRequest.medication', 'required', ValidationCode.REQUIRED_ELEMENT_MISSING);
    expect(validate({ ...request, medicationReference: { reference: 'Medication/m' } })).toEqual([]);
  });

  it('requires Extension.url', () => {
    expectOnly(
      { resourceType: 'Patient', extension: [{ valueString: 'x' }] },
      'Patient.extension[0].url',
      'required',
      ValidationCode.REQUIRED_ELEMENT_MISSING,
    );
    expectOnly(
      { resourceType: 'Patient', extension: [{ url: 'a', extension: [{ valueBoolean: true }] }] },
      'Patient.extension[0].extension[0].url',
      'required',
      ValidationCode.REQUIRED_ELEMENT_MISSING,
    );
    expectOnly(
      { resourceType: 'Patient', extension: [{ url: 'a', valueString: 'x', valueBoolean: true }] },
      'Patient.extension[0].valueBoolean',
      'structure',
      ValidationCode.MULTIPLE_CHOICE_VALUES,
    );
  });

  it('finds missing elements inside content references', () => {
    expectOnly(
      {
        resourceType: 'Questionnaire',
        status: 'draft',
        item: [{ linkId: '1', type: 'group', item: [{ type: 'display' }] }],
      },
      'Questionnaire.item[0].item[0].linkId',
      'required',
      ValidationCode.REQUIRED_ELEMENT_MISSING,
    );
  });
});

describe('primitive formats', () => {
  const patient = (extra: Record<string, unknown>) => ({ resourceType: 'Patient', ...extra });

  it('checks dates, dateTimes and instants with the definitions regexes', () => {
    for (const good of ['2020', '2020-02', '2020-02-29'])
      expect(validate(patient({ birthDate: good }))).toEqual([]);
    for (const bad of ['1990-13-01', '1990-1-1', '90-01-01', '2020-01-01T10:00:00Z', '0000']) {
      expectOnly(patient({ birthDate: bad }), 'Patient.birthDate', 'value', ValidationCode.INVALID_FORMAT);
    }
    expect(validate(patient({ deceasedDateTime: '2020-01-01T10:00:00.5-05:00' }))).toEqual([]);
    expectOnly(
      patient({ deceasedDateTime: '2020-01-01T10:00:00' }),
      'Patient.deceasedDateTime',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    expectOnly(
      { resourceType: 'Patient', meta: { lastUpdated: '2020-01-01' } },
      'Patient.meta.lastUpdated',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
  });

  it('checks the resource id against the id rule', () => {
    expectOnly(patient({ id: 'a_b' }), 'Patient.id', 'value', ValidationCode.INVALID_RESOURCE_ID);
    expectOnly(patient({ id: 'x'.repeat(65) }), 'Patient.id', 'value', ValidationCode.INVALID_RESOURCE_ID);
    expectOnly(patient({ id: '' }), 'Patient.id', 'value', ValidationCode.EMPTY_STRING);
    expect(validate(patient({ id: 'x'.repeat(64) }))).toEqual([]);
    expectOnly(
      patient({ meta: { versionId: 'v 1' } }),
      'Patient.meta.versionId',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
  });

  it('checks codes, uris, oids, uuids and times', () => {
    expectOnly(
      observation({ category: [{ coding: [{ code: 'two  spaces' }] }] }),
      'Observation.category[0].coding[0].code',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    expectOnly(
      patient({ identifier: [{ system: 'http://x y' }] }),
      'Patient.identifier[0].system',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    expect(validate(observation({ valueTime: '23:59:60.25' }))).toEqual([]);
    expectOnly(
      observation({ valueTime: '24:00:00' }),
      'Observation.valueTime',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    const device = { resourceType: 'ImagingStudy', status: 'available', subject: { reference: 'Patient/1' } };
    expect(validate({ ...device, series: [{ uid: '1.2.3', modality: { code: 'CT' } }] })).toEqual([]);
    expectOnly(
      {
        resourceType: 'Endpoint',
        status: 'active',
        connectionType: { code: 'x' },
        payloadType: [{ text: 't' }],
        address: 'http://a b',
      },
      'Endpoint.address',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
  });

  it('checks integers, positiveInt, unsignedInt and decimals', () => {
    expect(validate(patient({ multipleBirthInteger: -2147483648 }))).toEqual([]);
    expectOnly(
      patient({ multipleBirthInteger: 2147483648 }),
      'Patient.multipleBirthInteger',
      'value',
      ValidationCode.NUMBER_OUT_OF_RANGE,
    );
    const sampled = (extra: Record<string, unknown>) =>
      observation({ valueSampledData: { origin: { value: 0 }, period: 1, dimensions: 1, ...extra } });
    expect(validate(sampled({}))).toEqual([]);
    expectOnly(
      sampled({ dimensions: 0 }),
      'Observation.valueSampledData.dimensions',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
    expectOnly(
      sampled({ dimensions: '1' }),
      'Observation.valueSampledData.dimensions',
      'structure',
      ValidationCode.WRONG_JSON_TYPE,
    );
    expect(validate(observation({ valueQuantity: { value: 1e-7 } }))).toEqual([]);
    expectOnly(
      observation({ valueQuantity: { value: Infinity } }),
      'Observation.valueQuantity.value',
      'value',
      ValidationCode.NUMBER_OUT_OF_RANGE,
    );
  });

  it('accepts Unicode whitespace in strings (FHIR regexes use XML Schema \\s) and limits strings to 1 MB', () => {
    expect(validate(patient({ name: [{ text: 'a\u00a0b\u2003c\nd' }] }))).toEqual([]);
    expect(validate(patient({ name: [{ text: ' ' }] }))).toEqual([]);
    expectOnly(
      patient({ name: [{ text: 'x'.repeat(1024 * 1024 + 1) }] }),
      'Patient.name[0].text',
      'value',
      ValidationCode.VALUE_TOO_LONG,
    );
  });

  it('checks base64Binary, also on large values', () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');
    const media = (d: string) => ({
      resourceType: 'Media',
      status: 'completed',
      content: { contentType: 'image/png', data: d },
    });
    expect(validate(media(data))).toEqual([]);
    expectOnly(media('abc'), 'Media.content.data', 'value', ValidationCode.INVALID_FORMAT);
    expectOnly(media('ab!d'), 'Media.content.data', 'value', ValidationCode.INVALID_FORMAT);
  });
});

describe('references', () => {
  const withRef = (reference: string) => ({ resourceType: 'Patient', managingOrganization: { reference } });

  it('accepts the literal reference forms', () => {
    for (const ref of [
      'Organization/1',
      'Organization/a.b-c/_history/2',
      'http://example.org/fhir/Organization/1',
      'https://x.example',
      '#org',
      '#',
      'urn:uuid:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      'urn:oid:2.16.840.1.113883',
    ]) {
      expect(validate(withRef(ref)), ref).toEqual([]);
    }
  });

  it('rejects malformed references', () => {
    for (const ref of [
      'Organisation/1',
      'Organization/a_b',
      'Organization/',
      'Organization',
      'Organization/1/_history/',
      'urn:uuid:XYZ',
      'urn:oid:1.02',
      'ftp://example.org/x',
      'http://',
      '#a b',
    ]) {
      expectOnly(
        withRef(ref),
        'Patient.managingOrganization.reference',
        'value',
        ValidationCode.INVALID_REFERENCE,
      );
    }
  });
});

describe('required bindings', () => {
  it('rejects codes outside a required value set', () => {
    expectOnly(
      { resourceType: 'Patient', gender: 'mal' },
      'Patient.gender',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
    expectOnly(
      observation({ status: 'done' }),
      'Observation.status',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
    expectOnly(
      {
        resourceType: 'Patient',
        telecom: [
          { system: 'pager', value: '1' },
          { system: 'telex', value: '1' },
        ],
      },
      'Patient.telecom[1].system',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
    expectOnly(
      { resourceType: 'Bundle', type: 'transactions' },
      'Bundle.type',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
  });

  it('checks codings of a required CodeableConcept binding', () => {
    const condition = (clinicalStatus: unknown) => ({
      resourceType: 'Condition',
      subject: { reference: 'Patient/1' },
      clinicalStatus,
    });
    const system = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
    expect(validate(condition({ coding: [{ system, code: 'active' }] }))).toEqual([]);
    expectOnly(
      condition({
        coding: [
          { system: 'http://snomed.info/sct', code: '55561003' },
          { system, code: 'activ' },
        ],
      }),
      'Condition.clinicalStatus.coding[1].code',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
    expectOnly(
      condition({ text: 'active' }),
      'Condition.clinicalStatus',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );
  });
});

describe('nested resources', () => {
  it('validates contained resources as their own type', () => {
    expectOnly(
      { resourceType: 'Patient', contained: [{ resourceType: 'Organization', id: 'o', nam: 'x' }] },
      'Patient.contained[0].nam',
      'structure',
      ValidationCode.UNKNOWN_ELEMENT,
    );
    expectOnly(
      { resourceType: 'Patient', contained: [{ id: 'o' }] },
      'Patient.contained[0]',
      'required',
      ValidationCode.MISSING_RESOURCE_TYPE,
    );
    expectOnly(
      { resourceType: 'Patient', contained: [{ resourceType: 'Nope' }] },
      'Patient.contained[0].resourceType',
      'invalid',
      ValidationCode.UNKNOWN_RESOURCE_TYPE,
    );
    expectOnly(
      { resourceType: 'Patient', contained: [{ resourceType: 'Observation', id: 'o', status: 'final' }] },
      'Patient.contained[0].code',
      'required',
      ValidationCode.REQUIRED_ELEMENT_MISSING,
    );
  });

  it('validates bundle entries with indexed paths', () => {
    const entry = (resource: unknown) => ({
      fullUrl: 'urn:uuid:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      resource,
      request: { method: 'POST', url: 'Observation' },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry(observation()),
        entry(observation()),
        entry(observation()),
        entry(observation({ status: 'finished' })),
      ],
    };
    expectOnly(
      bundle,
      'Bundle.entry[3].resource.status',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );

    const badMethod = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ request: { method: 'FETCH', url: 'Patient' } }],
    };
    expectOnly(
      badMethod,
      'Bundle.entry[0].request.method',
      'code-invalid',
      ValidationCode.CODE_NOT_IN_VALUE_SET,
    );

    const nested = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            contained: [{ resourceType: 'Practitioner', name: [{ given: ['A', ''] }] }],
          },
        },
      ],
    };
    expectOnly(
      nested,
      'Bundle.entry[0].resource.contained[0].name[0].given[1]',
      'value',
      ValidationCode.EMPTY_STRING,
    );
    expectOnly(
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: 'Patient/1' }] },
      'Bundle.entry[0].resource',
      'structure',
      ValidationCode.NOT_AN_OBJECT,
    );
  });

  it('validates Parameters.parameter.resource', () => {
    expectOnly(
      {
        resourceType: 'Parameters',
        parameter: [{ name: 'p', resource: { resourceType: 'Patient', birthDate: '2020-02-30T' } }],
      },
      'Parameters.parameter[0].resource.birthDate',
      'value',
      ValidationCode.INVALID_FORMAT,
    );
  });

  it('reports several problems in one resource in document order', () => {
    const issues = validate({
      resourceType: 'Patient',
      id: 'bad id',
      foo: true,
      name: [{ given: [''] }],
      gender: 'x',
    });
    expect(issues.map((i) => i.expression?.[0])).toEqual([
      'Patient.id',
      'Patient.foo',
      'Patient.name[0].given[0]',
      'Patient.gender',
    ]);
  });
});
