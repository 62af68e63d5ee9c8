import { describe, expect, it } from 'vitest';
import { loadSearchParameters } from '../../definitions/index.js';
import type { FhirResource } from '../resource.js';
import { loadR4Definitions } from '../validation/index.js';
import { createExtractor, createSearchRegistry } from './index.js';

const model = loadR4Definitions();
const extractor = createExtractor(createSearchRegistry(loadSearchParameters(), model), model);
const dates = (resource: FhirResource, param: string) =>
  extractor
    .extract(resource)
    .date.filter((r) => r.param === param)
    .map(({ low, high }) => [low, high]);

describe('date rows', () => {
  it('date, dateTime and instant at their precision', () => {
    expect(dates({ resourceType: 'Patient', birthDate: '1970-03' }, 'birthdate')).toEqual([
      ['1970-03-01T00:00:00.000Z', '1970-04-01T00:00:00.000Z'],
    ]);
    const updated = { resourceType: 'Patient', meta: { lastUpdated: '2024-05-01T09:30:00.250+01:00' } };
    expect(dates(updated, '_lastUpdated')).toEqual([
      ['2024-05-01T08:30:00.250Z', '2024-05-01T08:30:00.251Z'],
    ]);
  });

  it('Period: start..end, an absent end is unbounded', () => {
    const encounter = (period: object) => ({
      resourceType: 'Encounter',
      status: 'finished',
      class: {},
      period,
    });
    expect(dates(encounter({ start: '2020-01-01T10:00:00Z', end: '2020-01-02' }), 'date')).toEqual([
      ['2020-01-01T10:00:00.000Z', '2020-01-03T00:00:00.000Z'],
    ]);
    expect(dates(encounter({ start: '2020-01-01' }), 'date')).toEqual([['2020-01-01T00:00:00.000Z', null]]);
    expect(dates(encounter({ end: '2020' }), 'date')).toEqual([[null, '2021-01-01T00:00:00.000Z']]);
    expect(dates(encounter({}), 'date')).toEqual([]);
  });

  it('choice types: dateTime or Period, whichever the resource has', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: {} };
    expect(dates({ ...obs, effectiveDateTime: '2021-06-01T12:00:00Z' }, 'date')).toEqual([
      ['2021-06-01T12:00:00.000Z', '2021-06-01T12:00:01.000Z'],
    ]);
    expect(dates({ ...obs, effectivePeriod: { start: '2021-06-01', end: '2021-06-02' } }, 'date')).toEqual([
      ['2021-06-01T00:00:00.000Z', '2021-06-03T00:00:00.000Z'],
    ]);
    expect(dates({ ...obs, effectiveInstant: '2021-06-01T12:00:00.5Z' }, 'date')).toEqual([
      ['2021-06-01T12:00:00.500Z', '2021-06-01T12:00:00.600Z'],
    ]);
    // onset-date asks for dateTime or Period only: an Age onset has no date.
    const condition = { resourceType: 'Condition', subject: {} };
    expect(dates({ ...condition, onsetAge: { value: 40 } }, 'onset-date')).toEqual([]);
    expect(dates({ ...condition, onsetPeriod: { start: '2001' } }, 'onset-date')).toEqual([
      ['2001-01-01T00:00:00.000Z', null],
    ]);
  });

  it('Timing: only the outer limits of its events and bounds', () => {
    const request = (timing: object) => ({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: {},
      occurrenceTiming: timing,
    });
    expect(
      dates(request({ event: ['2022-03-04T09:00:00Z', '2022-03-01', '2022-03-02T18:00:00Z'] }), 'occurrence'),
    ).toEqual([['2022-03-01T00:00:00.000Z', '2022-03-04T09:00:01.000Z']]);
    const bounded = {
      repeat: { boundsPeriod: { start: '2013-01-31', end: '2013-03-24' }, frequency: 1, period: 2 },
    };
    expect(dates(request(bounded), 'occurrence')).toEqual([
      ['2013-01-31T00:00:00.000Z', '2013-03-25T00:00:00.000Z'],
    ]);
    const open = { event: ['2013-01-01'], repeat: { boundsPeriod: { start: '2013-02-01' } } };
    expect(dates(request(open), 'occurrence')).toEqual([['2013-01-01T00:00:00.000Z', null]]);
    expect(dates(request({ repeat: { boundsDuration: { value: 3, unit: 'd' } } }), 'occurrence')).toEqual([]);
  });

  it('one row per repeating value, none for values that are not dates', () => {
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: {},
      dosageInstruction: [{ timing: { event: ['2020-01-01', 'soon'] } }, { timing: { event: ['2020-02'] } }],
    };
    expect(dates(request, 'date')).toEqual([
      ['2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z'],
      ['2020-02-01T00:00:00.000Z', '2020-03-01T00:00:00.000Z'],
    ]);
  });
});
