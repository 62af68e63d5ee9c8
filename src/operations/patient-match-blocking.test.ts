import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import { openStore } from '../store/index.js';
import type { OpenedStore, ResourceStore } from '../store/index.js';
import { blockingQueries, findCandidates } from './patient-match-blocking.js';
import { blockingStatement } from './patient-match-blocking-sql.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const BASE = 'http://localhost/fhir';

let opened: OpenedStore;
let lookup: ParamLookup;

const patient = (id: string, extra: Record<string, unknown>) => ({
  resourceType: 'Patient',
  id,
  ...extra,
});

beforeAll(async () => {
  opened = await openStore({ kind: 'pglite' });
  lookup = {
    param: (type, code) => opened.registry.param(type, code),
    isResourceType: (type) => opened.registry.resourceTypes().includes(type),
  };
  await opened.store.write(
    [
      patient('hartley', {
        identifier: [{ system: NHS, value: '9991000003' }],
        name: [{ family: 'Hartley', given: ['Alice'] }],
        birthDate: '1984-03-07',
        address: [{ postalCode: 'LS1 4AP' }],
      }),
      patient('hartley-2', {
        name: [{ family: 'HARTLEY', given: ['Alison'] }],
        birthDate: '1984-03-07',
      }),
      patient('zoe', { name: [{ family: 'Brontë', given: ['Zoë'] }], birthDate: '1990-06-15' }),
      patient('swapped', {
        name: [{ family: 'Okafor', given: ['Chidi'] }],
        birthDate: '1975-08-04',
        address: [{ postalCode: 'M1 3HE' }],
      }),
      patient('other', { name: [{ family: 'Quinn', given: ['Zara'] }], birthDate: '1984-03-07' }),
    ].map((resource) => ({ op: 'create' as const, resource })),
  );
});
afterAll(() => opened.store.close());

async function candidates(query: FhirResource, cap = 50, store: ResourceStore = opened.store) {
  const found = await findCandidates(store, lookup, BASE, blockingQueries(query), cap);
  return { ids: [...found.patients.keys()], capped: found.capped };
}

describe('findCandidates', () => {
  it('finds records by name prefix and birth date, case- and accent-insensitively', async () => {
    const { ids } = await candidates({
      resourceType: 'Patient',
      name: [{ family: 'Hart', given: ['Al'] }],
      birthDate: '1984-03-07',
    });
    expect(ids.sort()).toEqual(['hartley', 'hartley-2']);
    expect(
      (
        await candidates({
          resourceType: 'Patient',
          name: [{ family: 'Bronte', given: ['Zoe'] }],
          birthDate: '1990-06-15',
        })
      ).ids,
    ).toEqual(['zoe']);
  });

  it('puts what the identifier found first and leaves out records no pass reaches', async () => {
    const { ids } = await candidates({
      resourceType: 'Patient',
      identifier: [{ system: NHS, value: '9991000003' }],
      name: [{ family: 'Hartley', given: ['Alice'] }],
      birthDate: '1984-03-07',
    });
    expect(ids[0]).toBe('hartley');
    expect(ids).toContain('hartley-2');
    expect(ids).not.toContain('other');
  });

  it('finds a record with day and month swapped through its postcode', async () => {
    const { ids } = await candidates({
      resourceType: 'Patient',
      name: [{ family: 'Smith', given: ['John'] }],
      birthDate: '1975-04-08',
      address: [{ postalCode: 'M13HE' }],
    });
    expect(ids).toEqual(['swapped']);
  });

  it('treats LIKE wildcards in the query as text', async () => {
    const query = (given: string) => ({
      resourceType: 'Patient',
      name: [{ family: 'Zzz', given: [given] }],
      birthDate: '1984-03-07',
    });
    expect((await candidates(query('%'))).ids).toEqual([]);
    expect((await candidates(query('A_ice'))).ids).toEqual([]);
    expect((await candidates(query('Alice'))).ids).toEqual(['hartley']);
    // Without a birth date the family name leads the pass.
    const undated = (family: string) => ({ resourceType: 'Patient', name: [{ family, given: ['Alice'] }] });
    expect((await candidates(undated('%'))).ids).toEqual([]);
    expect((await candidates(undated('Hart'))).ids).toEqual(['hartley']);
  });

  it('says when candidates were cut at the cap, and only then', async () => {
    const query = { resourceType: 'Patient', name: [{ family: 'Hartley' }], birthDate: '1984-03-07' };
    expect(await candidates(query, 1)).toMatchObject({ capped: true });
    expect((await candidates(query, 1)).ids).toHaveLength(1);
    expect(await candidates(query, 2)).toMatchObject({ capped: false });
  });

  it("reads the candidates through the caller's store, so its access rule decides what is seen", async () => {
    const searched: string[][] = [];
    const hidingHartley: ResourceStore = {
      ...opened.store,
      async search(request) {
        const result = await opened.store.search(request);
        searched.push(result.resources.map((v) => v.id));
        return { ...result, resources: result.resources.filter((v) => v.id !== 'hartley') };
      },
    };
    const { ids } = await candidates(
      { resourceType: 'Patient', name: [{ family: 'Hartley' }], birthDate: '1984-03-07' },
      50,
      hidingHartley,
    );
    expect(searched).toHaveLength(1);
    expect(ids).toEqual(['hartley-2']);
  });

  it('counts only records the caller may see against the cap, and says nothing of the others', async () => {
    const query = { resourceType: 'Patient', name: [{ family: 'Hartley' }], birthDate: '1984-03-07' };
    const hiding = (id: string): ResourceStore => ({
      ...opened.store,
      async search(request) {
        const result = await opened.store.search(request);
        return { ...result, resources: result.resources.filter((v) => v.id !== id) };
      },
    });
    expect((await candidates(query, 1)).ids).toEqual(['hartley']);
    // The hidden record found first does not take the visible one's place...
    expect(await candidates(query, 1, hiding('hartley'))).toEqual({ ids: ['hartley-2'], capped: false });
    // ...and one found after it is not announced as a candidate left out.
    expect(await candidates(query, 1, hiding('hartley-2'))).toEqual({ ids: ['hartley'], capped: false });
  });
});

describe('blockingStatement', () => {
  it('drops a pass whose value the search syntax cannot carry and keeps the others', () => {
    expect(blockingStatement([[['birthdate', 'not a date']]], lookup, BASE, 10)).toBeUndefined();
    const statement = blockingStatement(
      [[['birthdate', 'not a date']], [['identifier', `${NHS}|9991000003`]]],
      lookup,
      BASE,
      10,
    );
    expect(statement?.sql).toContain('search_token');
    expect(statement?.sql).not.toContain('search_date');
  });

  it('refuses a condition it cannot compile rather than dropping it', () => {
    expect(() => blockingStatement([[['birthdate', 'gt1980-01-01']]], lookup, BASE, 10)).toThrow(
      /cannot search birthdate/,
    );
  });
});
