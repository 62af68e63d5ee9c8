/**
 * Differential test: views beyond the conformance suite (choice types, dates, where() criteria that need
 * the SQL fallback, references, repeat, unions, constants) run over the official R4 examples both in
 * memory and compiled to PostgreSQL; the rows must be the same.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../definitions/index.js';
import type { FhirResource } from '../../fhir/index.js';
import { openStore } from '../../store/index.js';
import type { OpenedStore } from '../../store/index.js';
import { compileViewToSql } from './compile-view-sql.js';
import { rowMismatch } from './conformance-cases.js';
import { queryView } from './query-view.js';
import { runView } from './run-view.js';

const examples = join(findProjectRoot(), 'node_modules', 'hl7.fhir.r4.examples');
const TYPES = ['Patient', 'Observation', 'QuestionnaireResponse', 'Condition', 'MedicationRequest'];

function loadExamples(): FhirResource[] {
  return readdirSync(examples)
    .filter((f) => TYPES.some((t) => f.startsWith(`${t}-`)) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(examples, f), 'utf8')) as FhirResource)
    .filter((r) => TYPES.includes(r.resourceType) && typeof r.id === 'string');
}

/** Temporal values in every shape FHIR allows, for the boundary functions and comparisons. */
const TEMPORAL_SHAPES: FhirResource[] = [
  ['2010', '12:34:56'],
  ['2012-02', '12:34:56.5'],
  ['2010-10-10', '12:34:56.1234'],
  ['2010-10-10T10:11:12Z', '00:00:00'],
  ['2010-10-10T10:11:12.5+01:00', '23:59:59.999'],
  ['2010-10-10T10:11:12.1234-05:00', '08:00:00'],
].map(([dateTime, time], i) => ({
  resourceType: 'Observation',
  id: `shape-${i}`,
  status: 'final',
  code: { text: 'shape' },
  effectiveDateTime: dateTime,
  issued: '2010-10-10T10:11:12.123Z',
  valueTime: time,
  extension: [{ url: 'https://example.org/date', valueDate: dateTime!.slice(0, 10) }],
}));

const col = (name: string, path: string, extra: Record<string, unknown> = {}) => ({ name, path, ...extra });

const VIEWS: Record<string, Record<string, unknown>> = {
  'patient demographics': {
    resource: 'Patient',
    select: [
      {
        column: [
          col('id', 'getResourceKey()'),
          col('gender', 'gender'),
          col('birth_date', 'birthDate'),
          col('active', 'active'),
          col('official_family', "name.where(use = 'official').family.first()"),
          col('given', "name.first().given.join(' ')"),
          col('deceased', 'deceased.ofType(boolean)'),
          col('deceased_at', 'deceased.ofType(dateTime)'),
          col('deceased_any', 'deceased'),
          col('multiple_birth', 'multipleBirth.exists()'),
          col('org', 'managingOrganization.getReferenceKey(Organization)'),
          col('telecoms', 'telecom.count()'),
          col('phone', "telecom.where(system = 'phone' and use != 'old').value.first()"),
          col('has_contact', 'contact.exists()'),
          col('phone_at_top', "telecom.where(system = 'phone' and %rowIndex = 0).value.first()"),
          col('no_photo', 'photo.empty()'),
          col('second_given', 'name[0].given[1]'),
          col('display', "name.first().family & ', ' & name.first().given.first()"),
          col('born_before_1980', 'birthDate < @1980-01-01'),
          col(
            'birth_place',
            "extension('http://hl7.org/fhir/StructureDefinition/patient-birthPlace').value.ofType(Address).city.first()",
          ),
        ],
      },
    ],
  },
  'patient names with row index': {
    resource: 'Patient',
    select: [
      { column: [col('id', 'id')] },
      {
        forEachOrNull: 'name',
        column: [
          col('i', '%rowIndex'),
          col('use', 'use'),
          col('family', 'family'),
          col('given', 'given', { collection: true }),
          col('period_start', 'period.start'),
        ],
      },
    ],
  },
  'patient identifiers and links': {
    resource: 'Patient',
    select: [
      { column: [col('id', 'getResourceKey()')] },
      {
        forEachOrNull: 'identifier',
        column: [
          col('system', 'system'),
          col('value', 'value'),
          col('type', 'type.coding.code', { collection: true }),
        ],
      },
      { column: [col('links', 'link.other.getReferenceKey()', { collection: true })] },
    ],
  },
  'patient telecom union': {
    resource: 'Patient',
    select: [
      { column: [col('id', 'id')] },
      {
        unionAll: [
          {
            forEach: 'telecom',
            column: [col('source', "'patient'"), col('system', 'system'), col('value', 'value')],
          },
          {
            forEach: 'contact',
            select: [
              {
                forEach: 'telecom',
                column: [col('source', "'contact'"), col('system', 'system'), col('value', 'value')],
              },
            ],
          },
        ],
      },
    ],
  },
  'patients filtered by constants': {
    resource: 'Patient',
    constant: [
      { name: 'g', valueCode: 'male' },
      { name: 'after', valueDate: '1950-01-01' },
    ],
    select: [{ column: [col('id', 'id'), col('birth', 'birthDate')] }],
    where: [{ path: 'gender = %g' }, { path: 'birthDate > %after' }],
  },
  observations: {
    resource: 'Observation',
    select: [
      {
        column: [
          col('id', 'getResourceKey()'),
          col('subject', 'subject.getReferenceKey()'),
          col('patient', 'subject.getReferenceKey(Patient)'),
          col('status', 'status'),
          col('system', 'code.coding.first().system'),
          col('code', 'code.coding.first().code'),
          col('codes', 'code.coding.code', { collection: true }),
          col('value', 'value.ofType(Quantity).value'),
          col('unit', 'value.ofType(Quantity).unit'),
          col('value_string', 'value.ofType(string)'),
          col('value_code', 'value.ofType(CodeableConcept).coding.first().code'),
          col('effective', 'effective.ofType(dateTime)'),
          col('period_start', 'effective.ofType(Period).start'),
          col('has_value', 'value.exists()'),
          col('never', 'value.ofType(Address).city'),
          col('any_value', 'value.where($this.exists()).exists() and value.ofType(string).empty()'),
          col('unit_any', 'value.unit'),
          col('issued', 'issued'),
          col('recent', 'effective.ofType(dateTime) >= @2013-01-01'),
          col('has_components', 'component.exists()'),
          col('vital', "category.coding.where(code = 'vital-signs').exists()"),
          col('performers', 'performer.where(getReferenceKey(Practitioner).exists()).getReferenceKey()', {
            collection: true,
          }),
        ],
      },
    ],
    where: [{ path: "status != 'cancelled'" }],
  },
  'observation components': {
    resource: 'Observation',
    select: [
      { column: [col('id', 'id')] },
      {
        forEach: 'component',
        column: [
          col('i', '%rowIndex'),
          col('code', 'code.coding.first().code'),
          col('value', 'value.ofType(Quantity).value'),
          col('high', 'value.ofType(Quantity).value > 100'),
        ],
      },
    ],
  },
  'observation reference ranges': {
    resource: 'Observation',
    constant: [{ name: 'limit', valueDecimal: 3.5 }],
    select: [
      { column: [col('id', 'id')] },
      {
        forEachOrNull: 'referenceRange',
        column: [
          col('low', 'low.value'),
          col('high', 'high.value'),
          col('above_limit', 'high.value > %limit'),
          col('text', 'text'),
        ],
      },
    ],
  },
  'questionnaire response items': {
    resource: 'QuestionnaireResponse',
    select: [
      { column: [col('id', 'id'), col('authored', 'authored')] },
      {
        repeat: ['item', 'answer.item'],
        column: [
          col('i', '%rowIndex'),
          col('link_id', 'linkId'),
          col('text', 'text'),
          col('answers', 'answer.value.ofType(string)', { collection: true }),
          col('coded', 'answer.value.ofType(Coding).code', { collection: true }),
          col('answered', 'answer.exists()'),
        ],
      },
    ],
  },
  conditions: {
    resource: 'Condition',
    select: [
      {
        column: [
          col('id', 'id'),
          col('patient', 'subject.getReferenceKey(Patient)'),
          col('clinical_status', 'clinicalStatus.coding.code.first()'),
          col('code', 'code.coding.first().code'),
          col('text', 'code.text'),
          col('onset', 'onset.ofType(dateTime)'),
          col('onset_age', 'onset.ofType(Age).value'),
          col('severe', "severity.coding.where(code = '24484000').exists()"),
          col('not_confirmed', "(verificationStatus.coding.code.first() = 'confirmed').not()"),
        ],
      },
    ],
  },
  'temporal boundaries and comparisons': {
    resource: 'Observation',
    select: [
      {
        column: [
          col('id', 'id'),
          col('low', 'effective.ofType(dateTime).lowBoundary()'),
          col('high', 'effective.ofType(dateTime).highBoundary()'),
          col('issued_low', 'issued.lowBoundary()'),
          col('time_low', 'value.ofType(time).lowBoundary()'),
          col('time_high', 'value.ofType(time).highBoundary()'),
          col('date_low', "extension('https://example.org/date').value.ofType(date).lowBoundary()"),
          col('date_high', "extension('https://example.org/date').value.ofType(date).highBoundary()"),
          col('after_2010', 'effective.ofType(dateTime) > @2010-06'),
          col('same_day', 'effective.ofType(dateTime) = @2010-10-10'),
          col('morning', 'value.ofType(time) < @T12:00:00'),
        ],
      },
    ],
  },
  'medication dosage': {
    resource: 'MedicationRequest',
    select: [
      {
        column: [
          col('id', 'id'),
          col('medication', 'medication.ofType(CodeableConcept).coding.first().code'),
        ],
      },
      {
        forEachOrNull: 'dosageInstruction',
        column: [
          col('seq', 'sequence'),
          col('text', 'text'),
          col('frequency', 'timing.repeat.frequency'),
          col('period', 'timing.repeat.period'),
          col('per_day', 'timing.repeat.frequency * 24'),
          col('doses', 'doseAndRate.dose.ofType(Quantity).value', { collection: true }),
        ],
      },
    ],
  },
};

describe.skipIf(!existsSync(examples))(
  'SQL-on-FHIR: compiled SQL agrees with the in-memory runner (R4 examples)',
  () => {
    let opened: OpenedStore;
    let resources: FhirResource[];

    beforeAll(async () => {
      resources = [...loadExamples(), ...TEMPORAL_SHAPES];
      opened = await openStore({ kind: 'pglite' });
      for (const resource of resources) {
        await opened.store.write([{ op: 'update', resource: resource as FhirResource & { id: string } }]);
      }
    });

    afterAll(async () => {
      await opened?.store.close();
    });

    for (const [title, view] of Object.entries(VIEWS)) {
      it(title, async () => {
        const expected = [...runView(view, resources).rows];
        const compiled = compileViewToSql(view);
        const { rows } = await opened.driver.query(compiled.sql, compiled.params);
        expect(rows.length).toBeGreaterThan(0);
        expect(rowMismatch({ title, tags: [], view, expect: expected }, rows)).toBeUndefined();
        const viaJson = (await queryView(opened.driver, view)).rows;
        expect(rowMismatch({ title, tags: [], view, expect: expected }, viaJson)).toBeUndefined();
      });
    }
  },
);
