import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../fhir/resources.js';
import { summarySections } from './summary-sections.js';

describe('summarySections', () => {
  it('lists each section of the summary with its entries in plain words', () => {
    const document = {
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        {
          fullUrl: 'urn:uuid:c',
          resource: {
            resourceType: 'Composition',
            id: 'c',
            section: [
              { title: 'Allergies and intolerances', entry: [{ reference: 'AllergyIntolerance/a' }] },
              { title: 'Results', entry: [{ reference: 'urn:uuid:o' }] },
              { title: 'Immunisations', entry: [] },
            ],
          },
        },
        { resource: { resourceType: 'AllergyIntolerance', id: 'a', code: { text: 'Penicillin' } } },
        {
          fullUrl: 'urn:uuid:o',
          resource: {
            resourceType: 'Observation',
            id: 'o',
            code: { coding: [{ display: 'HbA1c' }] },
            valueQuantity: { value: 48, unit: 'mmol/mol' },
            effectiveDateTime: '2025-03-01T10:00:00Z',
          },
        },
      ],
    } as unknown as Bundle;
    expect(summarySections(document)).toEqual([
      { title: 'Allergies and intolerances', lines: ['Penicillin'] },
      { title: 'Results', lines: ['HbA1c — 48 mmol/mol — 2025-03-01'] },
      { title: 'Immunisations', lines: [] },
    ]);
  });
});
