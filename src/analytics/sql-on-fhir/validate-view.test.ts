import { describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/index.js';
import { validateView } from './validate-view.js';

function failure(view: unknown): FhirError {
  try {
    validateView(view);
  } catch (e) {
    if (e instanceof FhirError) return e;
    throw e;
  }
  throw new Error('expected the view to be rejected');
}

const patientView = (select: unknown[], extra: Record<string, unknown> = {}) => ({
  resource: 'Patient',
  select,
  ...extra,
});

describe('validateView', () => {
  it('returns the output columns in declared order (columns, nested selects, then unionAll)', () => {
    const checked = validateView(
      patientView([
        {
          column: [{ name: 'a', path: 'id' }],
          select: [{ forEach: 'name', column: [{ name: 'b', path: 'family', type: 'string' }] }],
          unionAll: [
            { column: [{ name: 'c', path: "'x'", collection: true }] },
            { column: [{ name: 'c', path: "'y'", collection: true }] },
          ],
        },
        { column: [{ name: 'd', path: 'gender' }] },
      ]),
    );
    expect(checked.columns).toEqual([
      { name: 'a', collection: false },
      { name: 'b', type: 'string', collection: false },
      { name: 'c', collection: true },
      { name: 'd', collection: false },
    ]);
  });

  it.each([
    ['not an object', [], 'ViewDefinition'],
    ['no resource', { select: [{ column: [{ name: 'id', path: 'id' }] }] }, 'ViewDefinition.resource'],
    ['an unknown resource type', { resource: 'Patients', select: [] }, 'ViewDefinition.resource'],
    ['no select', { resource: 'Patient' }, 'ViewDefinition.select'],
    [
      'a bad column name',
      patientView([{ column: [{ name: 'my id', path: 'id' }] }]),
      'ViewDefinition.select[0].column[0].name',
    ],
    [
      'a SQL-ish column name',
      patientView([{ column: [{ name: 'a"; drop table x; --', path: 'id' }] }]),
      'ViewDefinition.select[0].column[0].name',
    ],
    [
      'a duplicate column',
      patientView([{ column: [{ name: 'a', path: 'id' }] }, { column: [{ name: 'a', path: 'gender' }] }]),
      'ViewDefinition.select[1].column',
    ],
    [
      'a path that does not parse',
      patientView([{ column: [{ name: 'a', path: 'name.(' }] }]),
      'ViewDefinition.select[0].column[0].path',
    ],
    [
      'a forEach that is not a string',
      patientView([{ forEach: 1, column: [{ name: 'a', path: 'id' }] }]),
      'ViewDefinition.select[0].forEach',
    ],
    [
      'two iterations',
      patientView([{ forEach: 'name', forEachOrNull: 'name', column: [{ name: 'a', path: 'id' }] }]),
      'ViewDefinition.select[0]',
    ],
    [
      'a misspelt key',
      patientView([{ foreach: 'name', column: [{ name: 'a', path: 'id' }] }]),
      'ViewDefinition.select[0]',
    ],
    [
      'collection not boolean',
      patientView([{ column: [{ name: 'a', path: 'id', collection: 'yes' }] }]),
      'ViewDefinition.select[0].column[0].collection',
    ],
    [
      'an undefined constant',
      patientView([{ column: [{ name: 'a', path: 'name.where(use = %u)' }] }]),
      'ViewDefinition.select[0].column[0].path',
    ],
    [
      'a constant without a value',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], { constant: [{ name: 'u' }] }),
      'ViewDefinition.constant[0]',
    ],
    [
      'a constant with two values',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], {
        constant: [{ name: 'u', valueString: 'a', valueCode: 'b' }],
      }),
      'ViewDefinition.constant[0]',
    ],
    [
      'a malformed date constant',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], {
        constant: [{ name: 'd', valueDate: '2020-1-1' }],
      }),
      'ViewDefinition.constant[0].valueDate',
    ],
    [
      'a decimal integer constant',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], {
        constant: [{ name: 'n', valueInteger: 1.5 }],
      }),
      'ViewDefinition.constant[0].valueInteger',
    ],
    [
      'a reserved constant name',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], {
        constant: [{ name: 'rowIndex', valueInteger: 1 }],
      }),
      'ViewDefinition.constant[0].name',
    ],
    [
      'an empty repeat',
      patientView([{ repeat: [], column: [{ name: 'a', path: 'id' }] }]),
      'ViewDefinition.select[0].repeat',
    ],
    [
      'a where without a path',
      patientView([{ column: [{ name: 'a', path: 'id' }] }], { where: [{}] }),
      'ViewDefinition.where[0].path',
    ],
  ])('rejects %s with a 400 pointing at the element', (_title, view, at) => {
    const e = failure(view);
    expect(e.status).toBe(400);
    expect(e.issues[0]?.expression).toEqual([at]);
  });

  it('rejects unionAll branches whose columns differ in name or order', () => {
    const branches = (a: string[], b: string[]) =>
      patientView([
        {
          unionAll: [
            { column: a.map((name) => ({ name, path: 'id' })) },
            { column: b.map((name) => ({ name, path: 'id' })) },
          ],
        },
      ]);
    expect(failure(branches(['a', 'b'], ['a', 'c'])).issues[0]?.expression).toEqual([
      'ViewDefinition.select[0].unionAll[1]',
    ]);
    expect(failure(branches(['a', 'b'], ['b', 'a'])).status).toBe(400);
    expect(() => validateView(branches(['a', 'b'], ['a', 'b']))).not.toThrow();
  });

  it('accepts every primitive constant type and keeps its value', () => {
    const checked = validateView(
      patientView([{ column: [{ name: 'a', path: 'id' }] }], {
        constant: [
          { name: 's', valueString: 'x' },
          { name: 'b', valueBoolean: false },
          { name: 'd', valueDateTime: '2020-01-02T03:04:05+01:00' },
          { name: 'n', valueDecimal: 1.25 },
        ],
      }),
    );
    expect([...checked.constants.values()]).toEqual([
      { name: 's', fhirType: 'string', value: 'x' },
      { name: 'b', fhirType: 'boolean', value: false },
      { name: 'd', fhirType: 'dateTime', value: '2020-01-02T03:04:05+01:00' },
      { name: 'n', fhirType: 'decimal', value: 1.25 },
    ]);
  });
});
