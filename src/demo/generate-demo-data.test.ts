import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, FhirResource } from '../fhir/index.js';
import { createValidator, loadR4Definitions } from '../fhir/validation/index.js';
import { createServiceFor } from '../main.js';
import type { FhirService } from '../rest/index.js';
import { openStore } from '../store/index.js';
import type { OpenedStore } from '../store/index.js';
import { generateDemoData, isValidNhsNumber, loadDemoData, NHS_NUMBER_SYSTEM } from './index.js';

const resources = (bundles: Bundle[]): FhirResource[] =>
  bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource!));

describe('demo data generator', () => {
  const data = generateDemoData();
  const all = resources(data.bundles);

  it('is deterministic: the same seed gives byte-identical bundles, another seed does not', () => {
    // The appointment book and repeat requests hang off "today": fixed here, or two calls a second
    // apart would differ.
    const today = new Date('2026-11-21T09:00:00Z');
    const once = JSON.stringify(generateDemoData({ today }));
    expect(JSON.stringify(generateDemoData({ today }))).toBe(once);
    expect(JSON.stringify(generateDemoData({ today, seed: 7 }))).not.toBe(once);
  });

  it('has 25 patients, 3 practices and 2 trusts, each patient registered with a practice', () => {
    const byType = (t: string) => all.filter((r) => r.resourceType === t);
    expect(byType('Patient')).toHaveLength(25);
    const orgs = byType('Organization');
    expect(orgs).toHaveLength(5);
    for (const o of orgs) {
      expect(o.identifier).toEqual([
        { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: expect.any(String) },
      ]);
    }
    const orgIds = new Set(orgs.map((o) => `Organization/${o.id}`));
    for (const p of byType('Patient')) {
      const gp = (p.generalPractitioner as { reference: string }[])[0]!.reference;
      expect(orgIds.has(gp)).toBe(true);
    }
    for (const t of [
      'Practitioner',
      'Encounter',
      'Observation',
      'Condition',
      'AllergyIntolerance',
      'MedicationRequest',
      'Immunization',
    ]) {
      expect(byType(t).length, t).toBeGreaterThan(0);
    }
  });

  it('gives every patient a valid NHS number from the 999 test range, all different', () => {
    const numbers = all
      .filter((r) => r.resourceType === 'Patient')
      .map(
        (p) =>
          (p.identifier as { system: string; value: string }[]).find((i) => i.system === NHS_NUMBER_SYSTEM)!
            .value,
      );
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) {
      expect(n).toMatch(/^999/);
      expect(isValidNhsNumber(n)).toBe(true);
    }
    expect(data.patients.map((p) => p.nhsNumber)).toEqual(numbers);
  });

  it('names a source system on every resource', () => {
    for (const r of all)
      expect(r.meta?.source, `${r.resourceType}/${r.id}`).toMatch(
        /^https:\/\/heartwood\.nhs\.example\/source\//,
      );
  });

  it('has one patient with the same allergy recorded by the GP and by a hospital', () => {
    const allergies = all.filter(
      (r) =>
        r.resourceType === 'AllergyIntolerance' &&
        (r.patient as { reference: string }).reference === `Patient/${data.multiSourcePatientId}`,
    );
    expect(allergies).toHaveLength(2);
    const [a, b] = allergies as [FhirResource, FhirResource];
    expect(a.code).toEqual(b.code);
    expect(a.meta!.source).toMatch(/\/gp\//);
    expect(b.meta!.source).toMatch(/\/hospital\//);
  });

  it('every resource passes the R4 structure validator', () => {
    const validator = createValidator(loadR4Definitions());
    const failures = all
      .map((r) => ({ at: `${r.resourceType}/${r.id}`, issues: validator.validate(r) }))
      .filter((f) => f.issues.length > 0);
    expect(failures).toEqual([]);
    for (const b of data.bundles) expect(validator.validate(b)).toEqual([]);
  });
});

describe('loading the demo data', () => {
  let opened: OpenedStore;
  let service: FhirService;
  beforeAll(async () => {
    opened = await openStore({ kind: 'pglite' });
    service = createServiceFor(opened, 'http://heartwood.test/fhir');
  });
  afterAll(async () => {
    await opened?.store.close();
  });

  it('loads every bundle through the FHIR service, once', async () => {
    const data = generateDemoData();
    const first = await loadDemoData({ service }, data);
    expect(first).toEqual({
      loaded: true,
      bundles: data.bundles.length,
      resources: resources(data.bundles).length,
    });
    const patient = await opened.store.read('Patient', data.multiSourcePatientId);
    expect(patient?.versionId).toBe(1);

    const second = await loadDemoData({ service }, data);
    expect(second.loaded).toBe(false);

    // Even sent again regardless, the PUTs change nothing: no new versions.
    for (const bundle of data.bundles) await service.handle({ method: 'POST', url: '', body: bundle });
    const versions = await opened.driver.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
    expect(Number(versions.rows[0]!.n)).toBe(0);
  });
});
