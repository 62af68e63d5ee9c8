import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import { loadR4Definitions } from '../validation/index.js';
import { createSearchRegistry } from './index.js';

const registry = createSearchRegistry(loadSearchParameters(), loadR4Definitions());

describe('search registry', () => {
  it('lists a type’s own parameters and the Resource/DomainResource ones', () => {
    const codes = [...registry.paramsFor('Observation').keys()];
    for (const code of ['code', 'subject', 'patient', 'value-quantity', 'code-value-quantity']) {
      expect(codes).toContain(code);
    }
    for (const code of [
      '_id',
      '_lastUpdated',
      '_tag',
      '_profile',
      '_security',
      '_source',
      '_text',
      '_content',
    ]) {
      expect(codes).toContain(code);
    }
    expect(codes).not.toContain('_query');
    expect(codes).not.toContain('_filter');
  });

  it('gives _text only to DomainResources', () => {
    expect(registry.param('Bundle', '_text')).toBeUndefined();
    expect(registry.param('Bundle', '_content')).toBeDefined();
    expect(registry.param('Patient', '_text')?.type).toBe('string');
  });

  it('splits shared expressions per base type', () => {
    expect(registry.param('AllergyIntolerance', 'patient')?.expression).toBe('AllergyIntolerance.patient');
    expect(registry.param('CarePlan', 'patient')?.expression).toBe(
      'CarePlan.subject.where(resolve() is Patient)',
    );
    expect(registry.param('Practitioner', 'email')?.expression).toBe(
      "Practitioner.telecom.where(system='email')",
    );
    expect(registry.param('Observation', 'combo-value-quantity')?.expression).toBe(
      '(Observation.value as Quantity) | (Observation.value as SampledData) | ' +
        '(Observation.component.value as Quantity) | (Observation.component.value as SampledData)',
    );
  });

  it('keeps Resource-level expressions and their metadata', () => {
    expect(registry.param('Patient', '_lastUpdated')).toEqual({
      code: '_lastUpdated',
      type: 'date',
      url: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
      expression: 'Resource.meta.lastUpdated',
      targets: [],
    });
    expect(registry.param('Observation', 'subject')?.targets).toContain('Patient');
  });

  it('prefers the real definition over official examples that reuse its code', () => {
    expect(registry.param('Patient', '_id')?.url).toBe('http://hl7.org/fhir/SearchParameter/Resource-id');
    expect(registry.param('Condition', 'subject')?.url).toBe(
      'http://hl7.org/fhir/SearchParameter/Condition-subject',
    );
  });

  it('resolves composite components to their parameters’ codes and types', () => {
    expect(registry.param('Observation', 'component-code-value-quantity')?.components).toEqual([
      { code: 'component-code', type: 'token', expression: 'code' },
      { code: 'component-value-quantity', type: 'quantity', expression: 'value.as(Quantity)' },
    ]);
  });

  it('knows every concrete resource type, and nothing of others', () => {
    const types = registry.resourceTypes();
    expect(types).toContain('Patient');
    expect(types).not.toContain('DomainResource');
    expect(types.length).toBeGreaterThanOrEqual(140);
    expect(registry.paramsFor('NoSuchType').size).toBe(0);
  });
});
