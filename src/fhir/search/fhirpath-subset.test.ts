import { describe, expect, it } from 'vitest';
import { fallbackExpression, parseSearchExpression } from './fhirpath-subset.js';

describe('parseSearchExpression', () => {
  it('reads paths and unions', () => {
    expect(parseSearchExpression('Patient.name.given | Patient.name.family')).toEqual([
      {
        root: { k: 'name', name: 'Patient' },
        steps: [
          { k: 'child', name: 'name' },
          { k: 'child', name: 'given' },
        ],
      },
      {
        root: { k: 'name', name: 'Patient' },
        steps: [
          { k: 'child', name: 'name' },
          { k: 'child', name: 'family' },
        ],
      },
    ]);
  });

  it('reads `as T`, `.as(T)` and `.ofType(T)` as a type filter, System names as FHIR types', () => {
    const filter = (type: string) => [
      {
        root: { k: 'name', name: 'Observation' },
        steps: [
          { k: 'child', name: 'value' },
          { k: 'ofType', type },
        ],
      },
    ];
    expect(parseSearchExpression('(Observation.value as Quantity)')).toEqual(filter('Quantity'));
    expect(parseSearchExpression('Observation.value.as(DateTime)')).toEqual(filter('dateTime'));
    expect(parseSearchExpression('Observation.value.ofType(FHIR.string)')).toEqual(filter('string'));
  });

  it('distributes steps after a parenthesised union over its members', () => {
    expect(parseSearchExpression('(Observation.value as CodeableConcept).text')).toEqual([
      {
        root: { k: 'name', name: 'Observation' },
        steps: [
          { k: 'child', name: 'value' },
          { k: 'ofType', type: 'CodeableConcept' },
          { k: 'child', name: 'text' },
        ],
      },
    ]);
  });

  it('reads the where() criteria search parameters use, extension() and %resource', () => {
    expect(parseSearchExpression("Patient.telecom.where(system='phone')")?.[0]?.steps[1]).toEqual({
      k: 'eq',
      name: 'system',
      value: 'phone',
    });
    expect(parseSearchExpression('Account.subject.where(resolve() is Patient)')?.[0]?.steps[1]).toEqual({
      k: 'refIs',
      type: 'Patient',
    });
    expect(parseSearchExpression("X.item.where(hasExtension('http://e/x')).answer")?.[0]?.steps[1]).toEqual({
      k: 'hasExt',
      url: 'http://e/x',
    });
    expect(parseSearchExpression("Device.extension('http://e/din').value")?.[0]?.steps).toEqual([
      { k: 'ext', url: 'http://e/din' },
      { k: 'child', name: 'value' },
    ]);
    expect(parseSearchExpression('%resource.referenceSeq.chromosome')?.[0]?.root).toEqual({ k: 'resource' });
  });

  it('gives up on anything else', () => {
    for (const e of [
      'Bundle.entry[0].resource',
      'Patient.deceased.exists() and Patient.deceased != false',
      'Patient.name.first()',
      'Observation.where(status = 1)',
      'Patient.name.where(use = "x")',
      'Patient.name |',
      '',
    ]) {
      expect(parseSearchExpression(e), e).toBeUndefined();
    }
  });
});

describe('fallbackExpression', () => {
  it('rewrites `as` to `ofType`, which accepts collections, and System names to FHIR types', () => {
    expect(
      fallbackExpression('(Observation.component.value as Quantity) | Observation.value.as(DateTime)'),
    ).toBe('(Observation.component.value.ofType(Quantity)) | Observation.value.ofType(dateTime)');
  });
});
