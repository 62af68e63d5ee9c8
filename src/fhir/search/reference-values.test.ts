import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';
import type { ReferenceRow } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const refs = (resource: FhirResource, param: string) =>
  extractor.extract(resource).reference.filter((r) => r.param === param);

const row = (param: string, fields: Partial<ReferenceRow>): ReferenceRow => ({
  param,
  targetType: null,
  targetId: null,
  targetVersion: null,
  url: null,
  identifierSystem: null,
  identifierValue: null,
  ...fields,
});

const observation = (subject: object) => ({
  resourceType: 'Observation',
  status: 'final',
  code: {},
  subject,
});

describe('reference rows', () => {
  it('relative Type/id and Type/id/_history/v', () => {
    expect(refs(observation({ reference: 'Patient/p1' }), 'subject')).toEqual([
      row('subject', { targetType: 'Patient', targetId: 'p1' }),
    ]);
    expect(refs(observation({ reference: 'Patient/p1/_history/3' }), 'subject')).toEqual([
      row('subject', { targetType: 'Patient', targetId: 'p1', targetVersion: '3' }),
    ]);
  });

  it('absolute URLs and URNs keep the url; the type a RESTful URL names is kept', () => {
    expect(refs(observation({ reference: 'https://other.example/fhir/Patient/9' }), 'subject')).toEqual([
      row('subject', { targetType: 'Patient', url: 'https://other.example/fhir/Patient/9' }),
    ]);
    const urn = 'urn:uuid:0f0b1f8e-4b8e-4d57-9a8c-3e1a4f0f5c11';
    expect(refs(observation({ reference: urn, type: 'Patient' }), 'subject')).toEqual([
      row('subject', { targetType: 'Patient', url: urn }),
    ]);
  });

  it('Reference.identifier, alone or with a reference', () => {
    const identifier = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' };
    expect(refs(observation({ identifier, type: 'Patient' }), 'subject')).toEqual([
      row('subject', {
        targetType: 'Patient',
        identifierSystem: 'https://fhir.nhs.uk/Id/nhs-number',
        identifierValue: '9000000009',
      }),
    ]);
    expect(refs(observation({ reference: 'Patient/p1', identifier }), 'subject')).toEqual([
      row('subject', {
        targetType: 'Patient',
        targetId: 'p1',
        identifierSystem: 'https://fhir.nhs.uk/Id/nhs-number',
        identifierValue: '9000000009',
      }),
    ]);
  });

  it('skips #contained references and display-only references', () => {
    expect(refs(observation({ reference: '#p1' }), 'subject')).toEqual([]);
    expect(refs(observation({ display: 'Jo Smith' }), 'subject')).toEqual([]);
  });

  it('where(resolve() is Patient) keeps only references to that type', () => {
    expect(refs(observation({ reference: 'Patient/p1' }), 'patient')).toEqual([
      row('patient', { targetType: 'Patient', targetId: 'p1' }),
    ]);
    expect(refs(observation({ reference: 'Group/g1' }), 'patient')).toEqual([]);
    expect(refs(observation({ reference: 'Group/g1' }), 'subject')).toEqual([
      row('subject', { targetType: 'Group', targetId: 'g1' }),
    ]);
    const appointment = {
      resourceType: 'Appointment',
      status: 'booked',
      participant: [
        { actor: { reference: 'Patient/p1' }, status: 'accepted' },
        { actor: { reference: 'Location/l1' }, status: 'accepted' },
      ],
    };
    expect(refs(appointment, 'patient')).toEqual([row('patient', { targetType: 'Patient', targetId: 'p1' })]);
    expect(refs(appointment, 'location')).toEqual([
      row('location', { targetType: 'Location', targetId: 'l1' }),
    ]);
  });

  it('a parameter shared by many types uses only the member for the indexed type', () => {
    const allergy = { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p1' } };
    expect(refs(allergy, 'patient')).toEqual([row('patient', { targetType: 'Patient', targetId: 'p1' })]);
  });

  it('canonical: url and version; uri: the url', () => {
    const questionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://example.org/Questionnaire/phq9|2.1',
    };
    expect(refs(questionnaireResponse, 'questionnaire')).toEqual([
      row('questionnaire', { url: 'http://example.org/Questionnaire/phq9', targetVersion: '2.1' }),
    ]);
    const map = { resourceType: 'ConceptMap', status: 'draft', sourceUri: 'http://example.org/vs/a' };
    expect(refs(map, 'source-uri')).toEqual([row('source-uri', { url: 'http://example.org/vs/a' })]);
  });

  it('a Bundle document is referenced by its first entry (through the fhirpath library)', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        { resource: { resourceType: 'Composition', id: 'c1' } },
        { resource: { resourceType: 'Patient', id: 'p1' } },
      ],
    };
    expect(refs(bundle, 'composition')).toEqual([
      row('composition', { targetType: 'Composition', targetId: 'c1' }),
    ]);
  });
});

describe('uri rows', () => {
  it('uri, url and canonical values as written, canonical version included', () => {
    const cs = {
      resourceType: 'CodeSystem',
      url: 'http://example.org/cs',
      status: 'draft',
      content: 'complete',
      meta: {
        profile: ['http://example.org/StructureDefinition/p|1.0', 'http://example.org/StructureDefinition/q'],
        source: 'urn:uuid:3a5c1f6e-0b8e-4c57-9a8c-3e1a4f0f5c12',
      },
    };
    const rows = extractor.extract(cs).uri;
    expect(rows).toEqual(
      expect.arrayContaining([
        { param: 'url', value: 'http://example.org/cs' },
        // CodeSystem-system is CodeSystem.url as well.
        { param: 'system', value: 'http://example.org/cs' },
        { param: '_profile', value: 'http://example.org/StructureDefinition/p|1.0' },
        { param: '_profile', value: 'http://example.org/StructureDefinition/q' },
        { param: '_source', value: 'urn:uuid:3a5c1f6e-0b8e-4c57-9a8c-3e1a4f0f5c12' },
      ]),
    );
    expect(rows).toHaveLength(5);
  });
});
