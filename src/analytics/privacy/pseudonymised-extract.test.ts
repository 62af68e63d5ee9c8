import { describe, expect, it } from 'vitest';
import {
  ETHNIC_CATEGORY_BROAD_GROUPS,
  buildExtract,
  checkKAnonymity,
  createPseudonymiser,
  deriveProjectKey,
} from './index.js';
import type { ExtractContext, ExtractSpec, Pseudonymiser } from './index.js';

const P = createPseudonymiser({
  projectId: 'frailty-study',
  key: deriveProjectKey(Buffer.alloc(32, 3), 'frailty-study'),
});

interface Person {
  nhs: string;
  birth: string;
  sex: string;
  postcode: string;
  ethnicity: string;
}

/** Three groups of people who share age band, sex and district: 12, 6 and 2 people. */
const PEOPLE: Person[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    nhs: `90000000${String(10 + i)}`,
    birth: `1980-01-${String(10 + i)}`,
    sex: 'female',
    postcode: `LS1 ${i % 9}AP`,
    ethnicity: i % 2 === 0 ? 'A' : 'C',
  })),
  ...Array.from({ length: 6 }, (_, i) => ({
    nhs: `90000001${String(10 + i)}`,
    birth: '1950-02-01',
    sex: 'male',
    postcode: 'LS2 7EE',
    ethnicity: 'H',
  })),
  { nhs: '9000000210', birth: '1930-03-01', sex: 'female', postcode: 'M1 1AE', ethnicity: 'N' },
  { nhs: '9000000211', birth: '1931-04-01', sex: 'female', postcode: 'M1 2AE', ethnicity: 'M' },
];

/** Two encounters per person, each with a free-text note that must never leave. */
function rowsFor(people: Person[]): Record<string, unknown>[] {
  return people.flatMap((p) =>
    ['2024-03-17', '2024-05-02'].map((date) => ({
      nhs_number: p.nhs,
      birth_date: p.birth,
      sex: p.sex,
      postcode: p.postcode,
      ethnicity: p.ethnicity,
      encounter_date: date,
      note: `Seen ${p.nhs} at home`,
    })),
  );
}

const SPEC: ExtractSpec = {
  columns: {
    nhs_number: { rule: 'pseudonymise', as: 'person' },
    birth_date: { rule: 'age-band', as: 'age_band' },
    sex: 'keep',
    postcode: { rule: 'postcode-district', as: 'district' },
    ethnicity: { rule: 'map', values: ETHNIC_CATEGORY_BROAD_GROUPS, as: 'ethnic_group' },
    encounter_date: 'generalise-date-month',
    note: 'drop',
  },
  personIdColumn: 'nhs_number',
  quasiIdentifiers: ['age_band', 'sex', 'district'],
  referenceDate: '2024-06-30',
};

const nobodyOptedOut = (): boolean => false;
const ctx = (optedOut: ExtractContext['optedOut'] = nobodyOptedOut, pseudonymiser: Pseudonymiser = P) => ({
  optedOut,
  pseudonymiser,
});
const groupB = PEOPLE.slice(12, 18);
const groupC = PEOPLE.slice(18);

describe('buildExtract', () => {
  it('applies every column rule', () => {
    const e = buildExtract(rowsFor(PEOPLE.slice(0, 12)), SPEC, ctx());
    expect(e.released).toBe(true);
    expect(e.rows).toHaveLength(24);
    expect(e.rows[0]).toEqual({
      person: P.pseudonymise('9000000010'),
      age_band: '40-44',
      sex: 'female',
      district: 'LS1',
      ethnic_group: 'White',
      encounter_date: '2024-03',
    });
    expect(Object.keys(e.rows[0] ?? {})).not.toContain('note');
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/Seen|9000000010|1980-01|LS1 /);
  });

  it('releases when every quasi-identifier combination has at least k people', () => {
    const e = buildExtract(rowsFor([...PEOPLE.slice(0, 12), ...groupB]), SPEC, ctx());
    expect(e).toMatchObject({ released: true, k: 5, removedForOptOut: 0, suppressedForK: 0 });
    expect(e.report).toMatchObject({
      decision: 'released',
      equivalenceClasses: 2,
      offendingClasses: [],
      rowsOut: 36,
    });
  });

  it('withholds the whole extract when a class is too small, reporting sizes only', () => {
    const e = buildExtract(rowsFor(PEOPLE), SPEC, ctx());
    expect(e.released).toBe(false);
    expect(e.rows).toEqual([]);
    expect(e.report.decision).toBe('withheld');
    // Group C: two women aged 90+ in M1 (four rows). Their values are not in the report.
    expect(e.report.offendingClasses).toEqual([{ people: 2, rows: 4 }]);
    expect(JSON.stringify(e.report)).not.toMatch(/90\+|M1|female|9000000210/);
  });

  it('suppresses the rows of too-small classes when asked, and says how many', () => {
    const e = buildExtract(rowsFor(PEOPLE), { ...SPEC, onKFailure: 'suppress' }, ctx());
    expect(e.released).toBe(true);
    expect(e.suppressedForK).toBe(4);
    expect(e.rows).toHaveLength(36);
    expect(e.report).toMatchObject({
      decision: 'released-with-suppression',
      suppressedForK: { rows: 4, classes: 1 },
    });
    expect(e.rows.some((r) => r.age_band === '90+')).toBe(false);
    expect(
      checkKAnonymity(e.rows, { quasiIdentifiers: SPEC.quasiIdentifiers, personOf: (r) => String(r.person) })
        .satisfied,
    ).toBe(true);
  });

  it('removes opted-out people before anything else, asking once per person, with raw identifiers', () => {
    const log: string[] = [];
    const spy: Pseudonymiser = {
      ...P,
      pseudonymise: (id: string) => {
        log.push('pseudonymise');
        return P.pseudonymise(id);
      },
    };
    const optedOut = (id: string) => {
      log.push(`ask ${id}`);
      return id === groupB[0]?.nhs;
    };
    const e = buildExtract(rowsFor([...PEOPLE.slice(0, 12), ...groupB]), SPEC, ctx(optedOut, spy));
    const firstPseudonym = log.indexOf('pseudonymise');
    const asks = log.filter((l) => l.startsWith('ask'));
    expect(asks).toHaveLength(18); // 18 people, 36 rows: one question per person
    expect(log.slice(0, firstPseudonym)).toEqual(asks); // every question before any pseudonym
    expect(asks.every((a) => /^ask \d{10}$/.test(a))).toBe(true);
    expect(e.removedForOptOut).toBe(2);
    expect(e.report.removedForOptOut).toEqual({ rows: 2, people: 1 });
    expect(e.report.rowsIn).toBe(36);
    expect(e.rows).toHaveLength(34);
    expect(e.rows.map((r) => r.person)).not.toContain(P.pseudonymise(groupB[0]?.nhs ?? ''));
    // Group B is down to 5 people: still k-anonymous.
    expect(e.released).toBe(true);
  });

  it('counts only the people left after opt-outs towards k', () => {
    const twoOut = new Set([groupB[0]?.nhs, groupB[1]?.nhs]);
    const e = buildExtract(
      rowsFor([...PEOPLE.slice(0, 12), ...groupB]),
      SPEC,
      ctx((id) => twoOut.has(id)),
    );
    expect(e.removedForOptOut).toBe(4);
    expect(e.released).toBe(false);
    expect(e.report.offendingClasses).toEqual([{ people: 4, rows: 8 }]);
  });

  it('reads anything but an explicit false from the consent store as an opt-out', () => {
    const unsure = (() => undefined) as unknown as ExtractContext['optedOut'];
    const e = buildExtract(rowsFor(groupB), SPEC, ctx(unsure));
    expect(e.removedForOptOut).toBe(12);
    expect(e.rows).toEqual([]);
  });

  it('counts people, not rows, towards k', () => {
    // One person with six encounters is still one person.
    const rows = rowsFor([groupC[0] as Person, groupC[0] as Person, groupC[0] as Person]);
    const e = buildExtract(rows, SPEC, ctx());
    expect(e.released).toBe(false);
    expect(e.report.offendingClasses).toEqual([{ people: 1, rows: 6 }]);
  });

  it('drops rows with no person id, since their opt-out cannot be checked', () => {
    const rows = [
      ...rowsFor(PEOPLE.slice(0, 12)),
      { ...rowsFor(groupC)[0], nhs_number: '' },
      { sex: 'male' },
    ];
    const e = buildExtract(rows, { ...SPEC, undeclaredColumns: 'drop' }, ctx());
    expect(e.report.removedForMissingPersonId).toBe(2);
    expect(e.rows).toHaveLength(24);
  });

  it('takes k from the spec', () => {
    const e = buildExtract(rowsFor(PEOPLE), { ...SPEC, k: 2 }, ctx());
    expect(e).toMatchObject({ released: true, k: 2 });
    expect(buildExtract(rowsFor(groupB), { ...SPEC, k: 7 }, ctx()).released).toBe(false);
  });

  it('refuses columns the spec does not mention, unless told to drop them', () => {
    const rows = rowsFor(PEOPLE.slice(0, 12)).map((r) => ({ ...r, gp_name: 'Dr Example' }));
    expect(() => buildExtract(rows, SPEC, ctx())).toThrow(/Column gp_name is not in the extract spec/);
    const e = buildExtract(rows, { ...SPEC, undeclaredColumns: 'drop' }, ctx());
    expect(JSON.stringify(e.rows)).not.toContain('Dr Example');
  });

  it.each<[string, Partial<ExtractSpec>, RegExp]>([
    [
      'keeps the raw person id',
      { columns: { ...SPEC.columns, nhs_number: 'keep' } },
      /must be pseudonymised or dropped/,
    ],
    ['names an unlisted person column', { personIdColumn: 'patient' }, /personIdColumn/],
    ['age-bands without a reference date', { referenceDate: undefined }, /referenceDate/],
    ['has a partial reference date', { referenceDate: '2024-06' }, /full date/],
    [
      'declares a dropped column as a quasi-identifier',
      { quasiIdentifiers: ['note'] },
      /not an output column/,
    ],
    [
      'uses the person pseudonym as a quasi-identifier',
      { quasiIdentifiers: ['person'] },
      /cannot be a quasi-identifier/,
    ],
    ['lists a quasi-identifier twice', { quasiIdentifiers: ['sex', 'sex'] }, /twice/],
    ['sets k to 1', { k: 1 }, /k must be/],
    ['has an unknown rule', { columns: { ...SPEC.columns, sex: 'hash' as never } }, /unknown rule/],
    [
      'renames two columns to one name',
      { columns: { ...SPEC.columns, sex: { rule: 'keep', as: 'district' } } },
      /both be output/,
    ],
    ['has an unknown onKFailure', { onKFailure: 'ignore' as never }, /onKFailure/],
  ])('refuses a spec that %s', (_label, change, message) => {
    expect(() => buildExtract([], { ...SPEC, ...change }, ctx())).toThrow(message);
  });

  it('needs an optedOut function', () => {
    expect(() => buildExtract([], SPEC, { pseudonymiser: P } as ExtractContext)).toThrow(/optedOut/);
  });

  it('maps unknown values to null instead of passing them through', () => {
    const rows = rowsFor(PEOPLE.slice(0, 12)).map((r, i) =>
      i < 4
        ? { ...r, postcode: 'nowhere', birth_date: 'unknown', ethnicity: 'Q', encounter_date: '2024-02-30' }
        : r,
    );
    // The first two people (four rows) lose their values and share a class of two: k = 2 releases it.
    const e = buildExtract(rows, { ...SPEC, k: 2 }, ctx());
    expect(e.released).toBe(true);
    expect(e.rows[0]).toMatchObject({
      district: null,
      age_band: null,
      ethnic_group: null,
      encounter_date: null,
    });
  });
});

describe('checkKAnonymity', () => {
  const rows = [{ a: 1, b: 'x' }, { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: null }, { a: 2 }];

  it('finds the classes below k, treating missing and null alike', () => {
    const r = checkKAnonymity(rows, { quasiIdentifiers: ['a', 'b'], k: 2 });
    expect(r).toEqual({
      k: 2,
      satisfied: false,
      classes: 3,
      offending: [{ people: 1, rows: 1 }],
      offendingRows: [2],
    });
  });

  it('treats no quasi-identifiers as one class of everyone', () => {
    expect(checkKAnonymity(rows, { quasiIdentifiers: [], k: 5 }).satisfied).toBe(true);
    expect(checkKAnonymity(rows, { quasiIdentifiers: [], k: 6 }).satisfied).toBe(false);
  });

  it('defaults to k = 5', () => {
    expect(checkKAnonymity(rows, { quasiIdentifiers: ['a'] }).offending).toEqual([
      { people: 2, rows: 2 },
      { people: 3, rows: 3 },
    ]);
  });
});
