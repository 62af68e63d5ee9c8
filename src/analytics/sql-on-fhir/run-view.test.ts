import { describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/index.js';
import type { FhirResource } from '../../fhir/index.js';
import { referenceKey } from './reference-key.js';
import { createViewRunner, runView } from './run-view.js';

const patients: FhirResource[] = [
  {
    resourceType: 'Patient',
    id: 'p1',
    gender: 'female',
    birthDate: '1970-06-01',
    name: [
      { use: 'official', family: 'Smith', given: ['Ann', 'Marie'] },
      { use: 'maiden', family: 'Jones' },
    ],
    managingOrganization: { reference: 'https://fhir.example.nhs.uk/Organization/org-1/_history/3' },
  },
  { resourceType: 'Patient', id: 'p2', gender: 'male' },
  { resourceType: 'Observation', id: 'o1', status: 'final', code: {} },
];

describe('runView (in memory)', () => {
  it('gives one row per resource with every column present, null when empty', () => {
    const { columns, rows } = runView(
      {
        resource: 'Patient',
        select: [
          {
            column: [
              { name: 'id', path: 'getResourceKey()' },
              { name: 'family', path: "name.where(use = 'official').family" },
              { name: 'given', path: 'name.given', collection: true },
              { name: 'org', path: 'managingOrganization.getReferenceKey(Organization)' },
            ],
          },
        ],
      },
      patients,
    );
    expect(columns.map((c) => c.name)).toEqual(['id', 'family', 'given', 'org']);
    expect([...rows]).toEqual([
      { id: 'p1', family: 'Smith', given: ['Ann', 'Marie'], org: 'org-1' },
      { id: 'p2', family: null, given: [], org: null },
    ]);
  });

  it('unnests with forEachOrNull, numbering items with %rowIndex', () => {
    const rows = runView(
      {
        resource: 'Patient',
        select: [
          { column: [{ name: 'id', path: 'id' }] },
          {
            forEachOrNull: 'name',
            column: [
              { name: 'i', path: '%rowIndex' },
              { name: 'family', path: 'family' },
            ],
          },
        ],
      },
      patients,
    ).rows;
    expect([...rows]).toEqual([
      { id: 'p1', i: 0, family: 'Smith' },
      { id: 'p1', i: 1, family: 'Jones' },
      { id: 'p2', i: 0, family: null },
    ]);
  });

  it('compares typed constants as FHIR values (dates as dates)', () => {
    const rows = runView(
      {
        resource: 'Patient',
        constant: [{ name: 'born', valueDate: '1970-06-01' }],
        select: [{ column: [{ name: 'id', path: 'id' }] }],
        where: [{ path: 'birthDate = %born' }],
      },
      patients,
    ).rows;
    expect([...rows]).toEqual([{ id: 'p1' }]);
  });

  it('produces rows lazily, pulling resources only as rows are asked for', () => {
    let pulled = 0;
    function* source(): Generator<FhirResource> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield { resourceType: 'Patient', id: `p${i}` };
      }
    }
    const runner = createViewRunner({
      resource: 'Patient',
      select: [{ column: [{ name: 'id', path: 'id' }] }],
    });
    const it = runner.run(source())[Symbol.iterator]();
    expect(it.next().value).toEqual({ id: 'p0' });
    expect(it.next().value).toEqual({ id: 'p1' });
    expect(pulled).toBe(2);
  });

  it('fails (400) when a non-collection column has several values, naming the column path', () => {
    const { rows } = runView(
      { resource: 'Patient', select: [{ column: [{ name: 'family', path: 'name.family' }] }] },
      patients,
    );
    const error = (() => {
      try {
        return [...rows];
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FhirError);
    expect((error as FhirError).issues[0]?.expression).toEqual(['ViewDefinition.select[0].column[0].path']);
  });

  it('fails when a where path is not boolean, and when repeat does not descend', () => {
    const where = runView(
      {
        resource: 'Patient',
        select: [{ column: [{ name: 'id', path: 'id' }] }],
        where: [{ path: 'gender' }],
      },
      patients,
    );
    expect(() => [...where.rows]).toThrow(FhirError);
    const repeat = runView(
      { resource: 'Patient', select: [{ repeat: ['$this'], column: [{ name: 'id', path: 'id' }] }] },
      patients,
    );
    expect(() => [...repeat.rows]).toThrow(/repeat went deeper/);
  });

  it('throws a 400 FhirError for an invalid view before reading any resource', () => {
    expect(() =>
      runView({ resource: 'Patient', select: [{ column: [{ name: 'x', path: '%nope' }] }] }, []),
    ).toThrow(FhirError);
  });
});

describe('referenceKey', () => {
  it.each([
    [{ reference: 'Patient/123' }, undefined, '123'],
    [{ reference: 'Patient/123' }, 'Patient', '123'],
    [{ reference: 'Patient/123' }, 'Group', undefined],
    [{ reference: 'https://fhir.nhs.uk/R4/Patient/abc.1/_history/2' }, 'Patient', 'abc.1'],
    [
      { reference: 'urn:uuid:0b7c7b63-9b1a-4f3e-8b0e-6a3f1b1f8a11' },
      undefined,
      '0b7c7b63-9b1a-4f3e-8b0e-6a3f1b1f8a11',
    ],
    [
      { reference: 'urn:uuid:0b7c7b63-9b1a-4f3e-8b0e-6a3f1b1f8a11', type: 'Patient' },
      'Patient',
      '0b7c7b63-9b1a-4f3e-8b0e-6a3f1b1f8a11',
    ],
    [{ reference: 'urn:uuid:0b7c7b63-9b1a-4f3e-8b0e-6a3f1b1f8a11' }, 'Patient', undefined],
    [{ reference: '#contained' }, undefined, undefined],
    [{ display: 'no reference' }, undefined, undefined],
  ])('%j (%s) → %s', (reference, type, key) => {
    expect(referenceKey(reference, type)).toBe(key);
  });
});
