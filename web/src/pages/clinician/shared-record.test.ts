import { describe, expect, it } from 'vitest';
import type { FhirResource } from '../../fhir/resources.js';
import { byCategory, recordEntries, sourceFreshness, summaryConflicts } from './shared-record.js';

const gp = 'https://heartwood.nhs.example/source/gp/Y99901';
const hospital = 'https://heartwood.nhs.example/source/hospital/R9A';
const resources: FhirResource[] = [
  { resourceType: 'Patient', id: 'p' },
  {
    resourceType: 'AllergyIntolerance',
    id: 'a1',
    meta: { source: gp, lastUpdated: '2026-01-01T00:00:00Z' },
    code: { text: 'Penicillin' },
    recordedDate: '2020-01-01',
  },
  {
    resourceType: 'Observation',
    id: 'o1',
    meta: { source: hospital, lastUpdated: '2026-03-01T00:00:00Z' },
    code: { coding: [{ display: 'HbA1c' }] },
    effectiveDateTime: '2026-02-01',
  },
  {
    resourceType: 'Observation',
    id: 'o2',
    meta: { source: gp, lastUpdated: '2026-02-01T00:00:00Z' },
    code: { text: 'Weight' },
    effectiveDateTime: '2025-02-01',
  },
];

describe('the shared record', () => {
  it('lists entries newest first, by category, without the context resources', () => {
    const entries = recordEntries(resources);
    expect(entries.map((e) => e.key)).toEqual(['Observation/o1', 'Observation/o2', 'AllergyIntolerance/a1']);
    expect(byCategory(entries).map((g) => [g.category, g.entries.length])).toEqual([
      ['allergies', 1],
      ['results', 2],
    ]);
  });

  it('says how fresh each source is: its newest lastUpdated', () => {
    expect(sourceFreshness(recordEntries(resources))).toEqual([
      { source: hospital, entries: 1, latest: '2026-03-01T00:00:00Z' },
      { source: gp, entries: 2, latest: '2026-02-01T00:00:00Z' },
    ]);
  });

  it('reads the contradictions $summary flags in its narrative', () => {
    const summary: FhirResource = {
      resourceType: 'Bundle',
      entry: [
        {
          resource: {
            resourceType: 'Composition',
            section: [
              {
                text: {
                  div: '<div xmlns="http://www.w3.org/1999/xhtml"><ul><li>Penicillin — recorded by A.</li><li>Latex — recorded by A &amp; B. Conflicting records: refuted by A, but recorded as present by B.</li></ul></div>',
                },
              },
            ],
          },
        },
      ],
    };
    expect(summaryConflicts(summary)).toEqual([
      'Latex — recorded by A & B. Conflicting records: refuted by A, but recorded as present by B.',
    ]);
  });
});
