import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import { createLinker } from '../identity/index.js';
import { openStore } from '../store/index.js';
import type { OpenedStore } from '../store/index.js';
import { scoreCandidates, scoreCandidatesBatch } from './patient-match-candidates.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const BASE = 'http://localhost/fhir';
const linker = createLinker();

let opened: OpenedStore;
let lookup: ParamLookup;

const records: (FhirResource & { id: string })[] = [
  {
    resourceType: 'Patient',
    id: 'gp-1',
    identifier: [{ system: NHS, value: '9991000003' }],
    name: [{ family: 'Hartley', given: ['Alice'] }],
    birthDate: '1984-03-07',
    address: [{ postalCode: 'LS1 4AP' }],
  },
  {
    resourceType: 'Patient',
    id: 'hosp-1',
    name: [{ family: 'Hartly', given: ['Alice'] }],
    birthDate: '1984-03-07',
    address: [{ postalCode: 'LS14AP' }],
  },
  {
    resourceType: 'Patient',
    id: 'gp-2',
    name: [{ family: 'Okafor', given: ['Chidi'] }],
    birthDate: '1975-08-04',
  },
  { resourceType: 'Patient', id: 'empty' },
];

beforeAll(async () => {
  opened = await openStore({ kind: 'pglite' });
  lookup = {
    param: (type, code) => opened.registry.param(type, code),
    isResourceType: (type) => opened.registry.resourceTypes().includes(type),
  };
  await opened.store.write(records.map((resource) => ({ op: 'create' as const, resource })));
});
afterAll(() => opened.store.close());

const summary = (r: Awaited<ReturnType<typeof scoreCandidates>>) => ({
  blocked: r.blocked,
  capped: r.capped,
  results: r.results.map((x) => [x.patient.id, x.score.grade, x.score.weight]),
});

describe('scoreCandidatesBatch', () => {
  it('answers each record as scoreCandidates does, in order', async () => {
    const batch = await scoreCandidatesBatch(
      opened.store,
      lookup,
      BASE,
      records.map((patient) => ({ patient, exclude: new Set([patient.id]) })),
      linker,
      50,
    );
    const single = [];
    for (const patient of records)
      single.push(
        await scoreCandidates(opened.store, lookup, BASE, patient, linker, 50, new Set([patient.id])),
      );
    expect(batch.map(summary)).toEqual(single.map(summary));
    expect(batch[0]!.results.map((r) => r.patient.id)).toEqual(['hosp-1']);
    expect(batch[3]).toMatchObject({ blocked: false, results: [] });
  });

  it('narrows one record’s passes without touching the others', async () => {
    const identifierOnly = (queries: [string, string][][]) =>
      queries.filter(([first]) => first?.[0] === 'identifier');
    const [narrowed, full] = await scoreCandidatesBatch(
      opened.store,
      lookup,
      BASE,
      [
        { patient: records[1]!, exclude: new Set(['hosp-1']), passes: identifierOnly },
        { patient: records[1]!, exclude: new Set(['hosp-1']) },
      ],
      linker,
      50,
    );
    expect(narrowed).toMatchObject({ blocked: false, results: [] });
    expect(full!.results.map((r) => r.patient.id)).toEqual(['gp-1']);
  });
});
