import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/auth/index.js';
import { fhirClient } from '../support/fhir-client.js';
import { createPatientMatch } from '../../src/operations/patient-match.js';
import { BASE, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const GRADE = 'http://hl7.org/fhir/StructureDefinition/match-grade';
const EXPLANATION = 'https://heartwood.nhs.example/fhir/StructureDefinition/match-explanation';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
  extension?: Extension[];
}
interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string; [k: string]: unknown };
  search: { mode: string; score?: number; extension?: Extension[] };
}
interface Bundle {
  resourceType: string;
  type: string;
  total?: number;
  entry: Entry[];
}

const home = (line: string, city: string, postalCode: string) => [
  { use: 'home', line: [line], city, postalCode },
];

function person(
  id: string,
  given: string,
  family: string,
  birthDate: string,
  extra: Record<string, unknown> = {},
) {
  return {
    resourceType: 'Patient',
    id,
    name: [{ use: 'official', family, given: [given] }],
    birthDate,
    ...extra,
  };
}

/** Valid NHS numbers in the 999 test range. */
const N = {
  alice: '9991000003',
  jack: '9991001379',
  oliver: '9991004114',
  george: '9991006850',
  ruth: '9991008225',
  zara: '9991009590',
};

const fixtures = [
  person('alice', 'Alice', 'Hartley', '1984-03-07', {
    gender: 'female',
    identifier: [{ system: NHS, value: N.alice }],
    address: home('12 Oak Lane', 'Leeds', 'LS1 4AP'),
    telecom: [{ system: 'phone', value: '0113 496 0001' }],
  }),
  // Twins: one household, one birthday, one surname.
  person('jack', 'Jack', 'Birch', '2001-11-05', {
    gender: 'male',
    identifier: [{ system: NHS, value: N.jack }],
    address: home('4 Elm Road', 'York', 'YO1 7HH'),
  }),
  person('oliver', 'Oliver', 'Birch', '2001-11-05', {
    gender: 'male',
    identifier: [{ system: NHS, value: N.oliver }],
    address: home('4 Elm Road', 'York', 'YO1 7HH'),
  }),
  // A merge: the old record (misspelt name, old address) now points at the survivor.
  person('george-old', 'George', 'Patell', '1950-02-20', {
    gender: 'male',
    active: false,
    address: home('1 High Street', 'Bristol', 'BS1 4DJ'),
    link: [{ other: { reference: 'Patient/george' }, type: 'replaced-by' }],
  }),
  person('george', 'George', 'Patel', '1950-02-20', {
    gender: 'male',
    identifier: [{ system: NHS, value: N.george }],
    address: home('9 New Road', 'Bristol', 'BS2 0JA'),
    link: [{ other: { reference: 'Patient/george-old' }, type: 'replaces' }],
  }),
  // Two records of one person, both carrying the NHS number: a duplicate the MPI must flag.
  person('ruth-1', 'Ruth', 'Ellis', '1972-09-30', {
    gender: 'female',
    identifier: [{ system: NHS, value: N.ruth }],
    address: home('3 Mill Lane', 'Hull', 'HU1 1AA'),
  }),
  person('ruth-2', 'Ruth', 'Ellis', '1972-09-30', {
    gender: 'female',
    identifier: [{ system: NHS, value: N.ruth }],
    address: home('3 Mill Lane', 'Hull', 'HU1 1AA'),
  }),
  // Someone who shares nothing with any query below.
  person('zara', 'Zara', 'Quinn', '1990-06-15', {
    gender: 'female',
    identifier: [{ system: NHS, value: N.zara }],
    address: home('7 Canal Street', 'Manchester', 'M1 3HE'),
  }),
];

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
  const r = await c.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: fixtures.map((resource) => ({
      resource,
      request: { method: 'PUT', url: `Patient/${resource.id}` },
    })),
  });
  expect(r.status, r.body).toBe(200);
});
afterAll(() => t.close());

function parameters(resource: unknown, extra: Record<string, unknown>[] = []) {
  return { resourceType: 'Parameters', parameter: [{ name: 'resource', resource }, ...extra] };
}

async function match(resource: unknown, extra: Record<string, unknown>[] = []): Promise<Bundle> {
  const r = await c.post('Patient/$match', parameters(resource, extra));
  expect(r.status, r.body.slice(0, 500)).toBe(200);
  return r.json() as Bundle;
}

const matches = (b: Bundle) => b.entry.filter((e) => e.search.mode === 'match');
const outcomes = (b: Bundle) => b.entry.filter((e) => e.search.mode === 'outcome');
const gradeOf = (e: Entry) => e.search.extension?.find((x) => x.url === GRADE)?.valueCode;
const summary = (b: Bundle) => matches(b).map((e) => [e.resource.id, gradeOf(e)]);

describe('Patient/$match', () => {
  it('finds the record with the same NHS number as certain, explained field by field', async () => {
    const b = await match({
      resourceType: 'Patient',
      identifier: [{ system: NHS, value: '999 100 0003' }],
      name: [{ family: 'Hartley', given: ['Alice'] }],
      birthDate: '1984-03-07',
    });
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(summary(b)).toEqual([['alice', 'certain']]);
    const [entry] = matches(b);
    expect(entry?.fullUrl).toBe('http://heartwood.test/fhir/Patient/alice');
    expect(entry?.search.score).toBeGreaterThan(0.99);
    expect(entry?.search.score).toBeLessThanOrEqual(1);
    const parts = entry?.search.extension?.find((x) => x.url === EXPLANATION)?.extension ?? [];
    expect(parts.find((p) => p.url === 'field:nhsNumber')?.valueString).toMatch(/^exact/);
    expect(parts.find((p) => p.url === 'field:familyName')?.valueString).toMatch(/^exact/);
  });

  it('grades a misspelt name with day and month swapped at the same postcode as probable or possible', async () => {
    const b = await match({
      resourceType: 'Patient',
      name: [{ family: 'Hartly', given: ['Alise'] }],
      birthDate: '1984-07-03',
      address: [{ postalCode: 'ls14ap' }],
    });
    expect(matches(b).map((e) => e.resource.id)).toEqual(['alice']);
    expect(['probable', 'possible']).toContain(gradeOf(matches(b)[0]!));
  });

  it('finds a misspelt surname with a nearby birth date through the family-prefix pass', async () => {
    const b = await match({
      resourceType: 'Patient',
      name: [{ family: 'Hartly', given: ['Alice'] }],
      birthDate: '1984-03-08',
      gender: 'female',
      address: home('12 Oak Lane', 'Leeds', 'LS1 4AP'),
    });
    expect(matches(b).map((e) => e.resource.id)).toEqual(['alice']);
    expect(gradeOf(matches(b)[0]!)).toBe('probable');
  });

  it('never grades a twin as certain', async () => {
    const b = await match({
      resourceType: 'Patient',
      name: [{ family: 'Birch', given: ['Jack'] }],
      birthDate: '2001-11-05',
      gender: 'male',
      address: home('4 Elm Road', 'York', 'YO1 7HH'),
    });
    const found = Object.fromEntries(summary(b));
    expect(found.jack).toBe('certain');
    expect(found.oliver).not.toBe('certain');

    const withNumber = await match({
      resourceType: 'Patient',
      identifier: [{ system: NHS, value: N.oliver }],
      name: [{ family: 'Birch', given: ['Jack'] }],
      birthDate: '2001-11-05',
      address: home('4 Elm Road', 'York', 'YO1 7HH'),
    });
    const graded = Object.fromEntries(summary(withNumber));
    expect(graded.jack).not.toBe('certain');
  });

  it('answers with the surviving record when the details match a merged-away one', async () => {
    const b = await match({
      resourceType: 'Patient',
      name: [{ family: 'Patell', given: ['George'] }],
      birthDate: '1950-02-20',
      address: [{ line: ['1 High Street'], postalCode: 'BS1 4DJ' }],
    });
    expect(matches(b).map((e) => e.resource.id)).toEqual(['george']);
    const parts = matches(b)[0]?.search.extension?.find((x) => x.url === EXPLANATION)?.extension ?? [];
    expect(parts.find((p) => p.url === 'mergedRecord')?.valueString).toBe('Patient/george-old');
    expect(JSON.stringify(b)).not.toContain('"id":"george-old"');
  });

  it('onlyCertainMatches keeps certain matches and warns when there are several', async () => {
    const query = {
      resourceType: 'Patient',
      name: [{ family: 'Birch', given: ['Jack'] }],
      birthDate: '2001-11-05',
      gender: 'male',
      address: home('4 Elm Road', 'York', 'YO1 7HH'),
    };
    const b = await match(query, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    expect(summary(b)).toEqual([['jack', 'certain']]);
    expect(outcomes(b)).toEqual([]);

    const dup = await match({ resourceType: 'Patient', identifier: [{ system: NHS, value: N.ruth }] }, [
      { name: 'onlyCertainMatches', valueBoolean: true },
    ]);
    expect(summary(dup).sort()).toEqual([
      ['ruth-1', 'certain'],
      ['ruth-2', 'certain'],
    ]);
    const [outcome] = outcomes(dup);
    expect(outcome?.resource).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'warning', code: 'multiple-matches' }],
    });
  });

  it('count limits the entries, best first', async () => {
    const query = {
      resourceType: 'Patient',
      name: [{ family: 'Birch', given: ['Jack'] }],
      birthDate: '2001-11-05',
      address: home('4 Elm Road', 'York', 'YO1 7HH'),
    };
    expect(matches(await match(query)).length).toBe(2);
    const b = await match(query, [{ name: 'count', valueInteger: 1 }]);
    expect(summary(b)).toEqual([['jack', 'certain']]);
  });

  it('returns only scored candidates: nobody else leaks into the Bundle', async () => {
    const b = await match({
      resourceType: 'Patient',
      identifier: [{ system: NHS, value: N.alice }],
    });
    expect(matches(b).map((e) => e.resource.id)).toEqual(['alice']);
    const text = JSON.stringify(b);
    for (const other of ['Quinn', 'Birch', 'Patel', 'Ellis']) expect(text).not.toContain(other);

    const none = await match({
      resourceType: 'Patient',
      name: [{ family: 'Nobody', given: ['Ann'] }],
      birthDate: '2000-01-01',
    });
    expect(matches(none)).toEqual([]);
  });

  it('rejects bad input with an OperationOutcome naming the problem', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ resourceType: 'Parameters', parameter: [{ name: 'count', valueInteger: 1 }] }, 400, /"resource"/],
      [
        parameters({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }),
        400,
        /must be a Patient/,
      ],
      [{ resourceType: 'Patient', name: [{ family: 'X' }] }, 400, /Parameters/],
      [parameters({ resourceType: 'Patient', birthDate: 'yesterday' }), 400, /./],
      [
        parameters({ resourceType: 'Patient', identifier: [{ system: NHS, value: '9991000004' }] }),
        422,
        /check digit/,
      ],
      [
        parameters({ resourceType: 'Patient', identifier: [{ system: NHS, value: '99910000' }] }),
        422,
        /8 digits/,
      ],
      [parameters({ resourceType: 'Patient' }, [{ name: 'count', valueInteger: 0 }]), 400, /count/],
    ];
    for (const [body, status, message] of cases) {
      const r = await c.post('Patient/$match', body);
      expect(r.status, r.body).toBe(status);
      const outcome = r.json() as { resourceType: string; issue: { diagnostics: string }[] };
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue.map((i) => i.diagnostics).join(' ')).toMatch(message);
    }
  });

  it('caps the candidates and says so', async () => {
    const op = createPatientMatch({ maxCandidates: 1 });
    const { store, registry } = t.opened;
    const response = await op.run(
      {
        store,
        elevated: store,
        base: BASE,
        lookup: { param: (type, code) => registry.param(type, code), isResourceType: () => true },
        principal: systemPrincipal(),
        handle: () => Promise.reject(new Error('not used')),
      },
      {
        level: 'type',
        resourceType: 'Patient',
        params: new URLSearchParams(),
        body: parameters({ resourceType: 'Patient', name: [{ family: 'Birch' }], birthDate: '2001-11-05' }),
        request: { method: 'POST', url: 'Patient/$match' },
      },
    );
    const b = JSON.parse(response.body ?? '{}') as Bundle;
    expect(matches(b).length).toBeLessThanOrEqual(1);
    expect(outcomes(b)[0]?.resource).toMatchObject({ issue: [{ severity: 'warning', code: 'incomplete' }] });
  });

  it('is listed in the CapabilityStatement', async () => {
    const r = await c.get('metadata');
    expect(r.body).toContain('http://hl7.org/fhir/OperationDefinition/Patient-match');
  });
});
