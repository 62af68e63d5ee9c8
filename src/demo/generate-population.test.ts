import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidator, loadR4Definitions } from '../fhir/validation/index.js';
import { NHS_NUMBER_SYSTEM, normaliseNhsNumber } from '../identity/index.js';
import { generatePopulation } from './generate-population.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartwood-population-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('generatePopulation', () => {
  it('writes valid NDJSON for several sources per person, with a ground truth, deterministically', async () => {
    const summary = await generatePopulation({ people: 300, outDir: join(dir, 'a'), seed: 7 });
    expect(summary.people).toBe(300);
    expect(summary.patients).toBeGreaterThan(450);
    const patients = await lines(join(dir, 'a', 'Patient.ndjson'));
    expect(patients).toHaveLength(summary.patients);

    const validator = createValidator(loadR4Definitions());
    let count = 0;
    for (const type of ['Patient', 'Observation', 'Condition', 'AllergyIntolerance']) {
      for (const r of await lines(join(dir, 'a', `${type}.ndjson`))) {
        expect(validator.validate(r)).toEqual([]);
        count++;
      }
    }
    expect(count).toBe(summary.resources);

    const truth = (await readFile(join(dir, 'a', 'truth.csv'), 'utf8')).trim().split('\n').slice(1);
    const personOf = new Map(truth.map((l) => l.split(',') as [string, string]));
    expect(personOf.size).toBe(patients.length);
    // Every NHS number is valid and belongs to one person only; sources disagree on details.
    const nhsOwner = new Map<string, string>();
    for (const p of patients) {
      const nhs = p.identifier.find((i: { system: string }) => i.system === NHS_NUMBER_SYSTEM)?.value;
      if (nhs === undefined) continue;
      expect(normaliseNhsNumber(nhs)).toBe(nhs);
      const owner = nhsOwner.get(nhs) ?? personOf.get(p.id)!;
      expect(personOf.get(p.id)).toBe(owner);
      nhsOwner.set(nhs, owner);
    }
    const sources = new Set(patients.map((p) => p.meta.source));
    expect(sources.size).toBe(4);
    const byPerson = new Map<string, Set<string>>();
    for (const p of patients) {
      const person = personOf.get(p.id)!;
      const names = byPerson.get(person) ?? new Set();
      names.add(`${p.name[0].given[0]} ${p.name[0].family} ${p.birthDate}`);
      byPerson.set(person, names);
    }
    expect([...byPerson.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);

    await generatePopulation({ people: 300, outDir: join(dir, 'b'), seed: 7 });
    expect(await readFile(join(dir, 'b', 'Patient.ndjson'), 'utf8')).toBe(
      await readFile(join(dir, 'a', 'Patient.ndjson'), 'utf8'),
    );
  });
});
