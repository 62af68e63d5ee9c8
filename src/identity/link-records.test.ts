import { describe, expect, it } from 'vitest';
import { MATCH_FIELDS } from './comparison-vector.js';
import { createLinker } from './link-records.js';
import { pairQuality, truePairs } from './linkage-evaluation.js';
import { nhsNumberChecksum } from './nhs-number.js';
import type { Demographics, PersonRecord } from './person-record.js';
import { createPersonRecord } from './person-record.js';
import { seededRandom } from './random-pairs.js';

const GIVEN = [
  'william',
  'margaret',
  'james',
  'elizabeth',
  'robert',
  'olivia',
  'mohammed',
  'priya',
  'kwame',
  'niamh',
];
const MORE_GIVEN = [
  'arthur',
  'chloe',
  'daniel',
  'fatima',
  'grace',
  'harry',
  'isla',
  'oliver',
  'ruth',
  'zara',
];
const FAMILY = [
  'smith',
  'jones',
  'patel',
  'khan',
  'murphy',
  'evans',
  'clarke',
  'begum',
  'mensah',
  'robinson',
];
const MORE_FAMILY = [
  'atkinson',
  'brown',
  'davies',
  'green',
  'hall',
  'hussain',
  'jackson',
  'kaur',
  'roberts',
  'shaw',
];
const STREETS = ['high street', 'station road', 'church lane', 'victoria road', 'mill lane', 'park avenue'];
const TOWNS = ['leeds', 'york', 'bradford', 'wakefield', 'harrogate'];
const NICKNAMES: Record<string, string> = {
  william: 'bill',
  margaret: 'peggy',
  james: 'jim',
  elizabeth: 'liz',
  robert: 'bob',
};

interface Person {
  entity: string;
  demographics: Omit<Demographics, 'id'>;
}

function population(
  size: number,
  seed: number,
): { records: PersonRecord[]; entityOf: (id: string) => string } {
  const next = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const nhsNumber = () => {
    for (;;) {
      const nine = `9${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
      const check = nhsNumberChecksum(nine);
      if (check !== undefined && check < 10) return `${nine}${check}`;
    }
  };
  const people: Person[] = [];
  for (let n = 0; n < size; n++) {
    const year = 1930 + Math.floor(next() * 80);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const pad = (x: number) => String(x).padStart(2, '0');
    const district = `LS${1 + Math.floor(next() * 28)}`;
    people.push({
      entity: String(n),
      demographics: {
        nhsNumber: nhsNumber(),
        given: [pick([...GIVEN, ...MORE_GIVEN])],
        family: [pick([...FAMILY, ...MORE_FAMILY])],
        birthDate: `${year}-${pad(month)}-${pad(day)}`,
        sex: next() < 0.5 ? 'male' : 'female',
        postcode: `${district} ${Math.floor(next() * 10)}${pick(['AB', 'DE', 'FG', 'HJ', 'NP'])}`,
        addressLines: [`${1 + Math.floor(next() * 200)} ${pick(STREETS)}`],
        locality: pick(TOWNS),
      },
    });
  }
  // Twins: same family, birth date, address and sex as someone else, different first name and NHS
  // number. The linker must keep them apart.
  for (let n = 0; n < size / 20; n++) {
    const sibling = people[n];
    if (sibling === undefined) continue;
    const other = GIVEN.find((g) => !(sibling.demographics.given as string[]).includes(g)) ?? 'zara';
    people.push({
      entity: `${n}-twin`,
      demographics: { ...sibling.demographics, given: [other], nhsNumber: nhsNumber() },
    });
  }
  const typo = (s: string) => {
    const at = 1 + Math.floor(next() * (s.length - 2));
    return `${s.slice(0, at)}${s.charAt(at + 1)}${s.charAt(at)}${s.slice(at + 2)}`;
  };
  const records: PersonRecord[] = [];
  const entities = new Map<string, string>();
  people.forEach((p, n) => {
    const add = (id: string, d: Omit<Demographics, 'id'>) => {
      entities.set(id, p.entity);
      records.push(createPersonRecord({ id, ...d }));
    };
    add(`r${n}-0`, p.demographics);
    if (p.entity.endsWith('-twin')) return;
    const duplicates = Math.floor(next() * 3);
    for (let k = 1; k <= duplicates; k++) {
      const d = { ...p.demographics };
      // Another system, another way of getting it slightly wrong.
      if (next() < 0.6) delete d.nhsNumber;
      const given = (d.given as string[])[0] ?? '';
      const family = (d.family as string[])[0] ?? '';
      const error = Math.floor(next() * 5);
      if (error === 0) d.given = [NICKNAMES[given] ?? typo(given)];
      if (error === 1) d.family = [typo(family)];
      if (error === 2) d.birthDate = (d.birthDate ?? '').replace(/^(\d{4})-(\d\d)-(\d\d)$/, '$1-$3-$2');
      if (error === 3) [d.given, d.family] = [d.family, d.given];
      if (error === 4) {
        d.postcode = `M${1 + Math.floor(next() * 40)} ${Math.floor(next() * 10)}AB`;
        d.addressLines = [`${1 + Math.floor(next() * 200)} ${pick(STREETS)}`];
      }
      add(`r${n}-${k}`, d);
    }
  });
  return { records, entityOf: (id) => entities.get(id) ?? id };
}

describe('record linkage', () => {
  const { records, entityOf } = population(400, 42);
  const truth = truePairs(
    entityOf,
    records.map((r) => r.id),
  );

  it('finds the duplicates it is meant to and never links twins', () => {
    const result = createLinker().link(records);
    const certain = result.pairs.filter((p) => p.score.grade === 'certain').map((p) => [p.a, p.b] as const);
    const quality = pairQuality(certain, truth);
    expect(quality.precision).toBe(1);
    expect(quality.recall).toBeGreaterThan(0.95);
    expect(result.training?.passes.every((p) => p.converged)).toBe(true);
    expect(result.blocking.reductionRatio).toBeGreaterThan(0.98);
    // The twins are the non-matches with the most in common: held for review, never linked.
    const twins = result.pairs.filter(
      (p) => entityOf(p.a).endsWith('-twin') !== entityOf(p.b).endsWith('-twin'),
    );
    expect(twins.filter((p) => p.score.heldForReview !== undefined).length).toBeGreaterThan(10);
    // Every cluster is one person.
    for (const cluster of result.clusters) expect(new Set(cluster.map(entityOf)).size).toBe(1);
    expect(result.clusters.reduce((n, c) => n + c.length, 0)).toBe(records.length);
  });

  it('explains a score field by field, and the field weights add up', () => {
    const trained = createLinker({ model: createLinker().link(records).model });
    const a = createPersonRecord({
      id: 'a',
      given: 'William',
      family: 'Smith',
      birthDate: '1970-03-06',
      postcode: 'LS1 4AP',
    });
    const b = createPersonRecord({
      id: 'b',
      given: 'Bill',
      family: 'Smith',
      birthDate: '1970-06-03',
      postcode: 'LS1 4AP',
    });
    const score = trained.score(a, b);
    expect(Object.keys(score.fields)).toEqual([...MATCH_FIELDS]);
    expect(score.fields.givenName).toMatchObject({ level: 'close', reason: 'nickname (william/bill)' });
    expect(score.fields.birthDate).toMatchObject({ level: 'close', reason: 'day and month transposed' });
    expect(score.fields.nhsNumber).toMatchObject({ level: 'missing', weight: 0 });
    const sum = MATCH_FIELDS.reduce((w, f) => w + score.fields[f].weight, 0);
    expect(score.weight).toBeCloseTo(sum, 10);
    expect(score.probability).toBeGreaterThan(0.5);
  });

  it('grades with the two thresholds: certain, grey zone, certainly not', () => {
    const linker = createLinker({ thresholds: { certain: 20, possible: 0 } });
    const a = createPersonRecord({
      id: 'a',
      nhsNumber: '9434765919',
      given: 'Jane',
      family: 'Smith',
      birthDate: '1970-01-02',
    });
    const same = createPersonRecord({
      ...a,
      id: 'b',
      nhsNumber: '9434765919',
      given: 'Jane',
      family: 'Smith',
      birthDate: '1970-01-02',
    });
    const grey = createPersonRecord({ id: 'c', given: 'Jane', family: 'Smith' });
    const other = createPersonRecord({
      id: 'd',
      nhsNumber: '4000000632',
      given: 'Omar',
      family: 'Khan',
      birthDate: '1988-05-05',
    });
    expect(linker.score(a, same).grade).toBe('certain');
    expect(['probable', 'possible']).toContain(linker.score(a, grey).grade);
    expect(linker.score(a, other).grade).toBe('certainly-not');
  });

  it('links two sets against each other with the trained model reused', () => {
    const left = records.filter((r) => r.id.endsWith('-0'));
    const right = records.filter((r) => r.id.endsWith('-1'));
    const trained = createLinker().link(records).model;
    const result = createLinker({ model: trained }).linkBetween(left, right);
    expect(result.training).toBeUndefined();
    const linked = result.pairs.filter((p) => p.score.grade === 'certain');
    for (const p of linked) {
      expect(p.a.endsWith('-0') && p.b.endsWith('-1')).toBe(true);
      expect(entityOf(p.a)).toBe(entityOf(p.b));
    }
    expect(linked.length).toBeGreaterThan(0.9 * right.length);
  });

  it('copes with nothing to link', () => {
    const result = createLinker().link([]);
    expect(result.pairs).toEqual([]);
    expect(result.clusters).toEqual([]);
    expect(result.blocking.candidatePairs).toBe(0);
  });
});
