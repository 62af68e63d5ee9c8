import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/index.js';
import type { FhirResource } from '../../fhir/index.js';
import { openStore } from '../../store/index.js';
import type { OpenedStore } from '../../store/index.js';
import { compileViewToSql } from './compile-view-sql.js';
import { queryView } from './query-view.js';

const HOSTILE = `x'); DROP TABLE resource; -- "quoted" $1 \\ %`;
const BIRTH_PLACE = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace';

const fixtures: (FhirResource & { id: string })[] = [
  {
    resourceType: 'Patient',
    id: 'p1',
    name: [{ family: HOSTILE, given: ["O'Brien"] }],
    extension: [{ url: BIRTH_PLACE, valueAddress: { city: 'Leeds' } }],
  },
  { resourceType: 'Patient', id: 'p2', name: [{ family: 'Smith' }], deceasedBoolean: true },
  {
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    code: { text: 'x' },
    subject: { reference: 'Patient/p1' },
    valueQuantity: { value: 2 },
  },
];

function failure(view: unknown): FhirError {
  try {
    compileViewToSql(view);
  } catch (e) {
    if (e instanceof FhirError) return e;
    throw e;
  }
  throw new Error('expected compileViewToSql to throw');
}

describe('compileViewToSql', () => {
  let opened: OpenedStore;

  beforeAll(async () => {
    opened = await openStore({ kind: 'pglite' });
    await opened.store.write(fixtures.map((resource) => ({ op: 'update' as const, resource })));
    await opened.store.write([{ op: 'delete', resourceType: 'Patient', id: 'p2' }]);
    await opened.store.write([
      { op: 'update', resource: { resourceType: 'Patient', id: 'p3', gender: 'other' } },
    ]);
  });

  afterAll(async () => {
    await opened?.store.close();
  });

  const run = async (view: unknown) => {
    const compiled = compileViewToSql(view);
    return (await opened.driver.query(compiled.sql, compiled.params)).rows;
  };

  it('passes literals, constants and urls as bind parameters, never in the SQL text', async () => {
    const view = {
      resource: 'Patient',
      constant: [{ name: 'given', valueString: "O'Brien" }],
      select: [
        {
          column: [
            { name: 'id', path: 'id' },
            {
              name: 'hostile',
              path: `name.where(family = '${HOSTILE.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}').exists()`,
            },
            { name: 'obrien', path: 'name.given.where($this = %given).exists()' },
            { name: 'city', path: `extension('${BIRTH_PLACE}').value.ofType(Address).city` },
          ],
        },
      ],
    };
    const compiled = compileViewToSql(view);
    for (const text of ['DROP', "O'Brien", 'Brien', BIRTH_PLACE, 'birthPlace'])
      expect(compiled.sql).not.toContain(text);
    expect(JSON.stringify(compiled.params)).toContain('DROP TABLE resource');
    expect(await run(view)).toEqual([
      { id: 'p1', hostile: true, obrien: true, city: 'Leeds' },
      { id: 'p3', hostile: false, obrien: false, city: null },
    ]);
  });

  it('skips deleted resources and other resource types', async () => {
    expect(
      await run({ resource: 'Patient', select: [{ column: [{ name: 'id', path: 'getResourceKey()' }] }] }),
    ).toEqual([{ id: 'p1' }, { id: 'p3' }]);
  });

  it('joins an Observation to its patient key and compares numbers', async () => {
    const rows = await run({
      resource: 'Observation',
      select: [
        {
          column: [
            { name: 'patient', path: 'subject.getReferenceKey(Patient)' },
            { name: 'high', path: 'value.ofType(Quantity).value >= 2' },
            { name: 'double', path: 'value.ofType(Quantity).value * 2' },
          ],
        },
      ],
    });
    expect(rows).toEqual([{ patient: 'p1', high: true, double: 4 }]);
  });

  it('reports what it cannot translate as 501 naming the expression, so callers can fall back', () => {
    const e = failure({
      resource: 'Observation',
      select: [{ column: [{ name: 'low', path: 'value.ofType(Quantity).value.lowBoundary()' }] }],
    });
    expect(e.status).toBe(501);
    expect(e.message).toContain('value.ofType(Quantity).value.lowBoundary()');
    expect(e.issues[0]?.expression).toEqual(['ViewDefinition.select[0].column[0].path']);
    for (const path of [
      '`we"ird`',
      'name.family | name.given',
      'name.select(family)',
      'birthDate.toString()',
    ]) {
      expect(failure({ resource: 'Patient', select: [{ column: [{ name: 'x', path }] }] }).status).toBe(501);
    }
  });

  it('rejects a where path that is not boolean (400) and an invalid table name', () => {
    const view = {
      resource: 'Patient',
      select: [{ column: [{ name: 'id', path: 'id' }] }],
      where: [{ path: 'name.family' }],
    };
    expect(failure(view).status).toBe(400);
    const ok = { resource: 'Patient', select: [{ column: [{ name: 'id', path: 'id' }] }] };
    expect(() => compileViewToSql(ok, { table: 'resource; DROP TABLE x' })).toThrow(FhirError);
    expect(compileViewToSql(ok, { table: 'public.resource' }).sql).toContain('FROM "public"."resource"');
  });

  it('fails in the database when a single-valued column meets several values, as in memory', async () => {
    await opened.store.write([
      {
        op: 'update',
        resource: { resourceType: 'Patient', id: 'p4', name: [{ family: 'A' }, { family: 'B' }] },
      },
    ]);
    const view = { resource: 'Patient', select: [{ column: [{ name: 'f', path: 'name.family' }] }] };
    try {
      await expect(run(view)).rejects.toThrow(/column f has more than one value/);
      const error = await queryView(opened.driver, view).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FhirError);
      expect((error as FhirError).status).toBe(400);
      expect((error as FhirError).message).toBe('SQL-on-FHIR: column f has more than one value');
    } finally {
      await opened.store.write([{ op: 'delete', resourceType: 'Patient', id: 'p4' }]);
    }
  });

  it('stops a repeat whose path does not descend instead of recursing for ever', async () => {
    const view = {
      resource: 'Patient',
      select: [{ repeat: ['$this'], column: [{ name: 'id', path: 'id' }] }],
    };
    await expect(run(view)).rejects.toThrow(/repeat went deeper/);
    await expect(queryView(opened.driver, view)).rejects.toThrow(
      'SQL-on-FHIR: repeat went deeper than 100 levels',
    );
  });
});
