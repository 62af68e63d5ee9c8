import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClient, uid } from '../support/fhir-client.js';
import { bearer, createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Source systems push with their own credentials: what they send carries their meta.source and a
 * Provenance, re-sending the same data updates rather than duplicates (upsert on their own
 * identifiers), and one source neither sees nor overwrites another's records.
 */

let t: TestApp;
let fhir: ReturnType<typeof fhirClient>;
const gpOrg = uid();
const hospitalOrg = uid();
const mrnSystem = `https://gp-system.example/${uid()}/mrn`;
let gpSystem: Record<string, string>;
let hospitalSystem: Record<string, string>;

function push(mrn: string, weight: number) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:5f1c2a10-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: mrnSystem, value: mrn }],
          name: [{ family: 'Feeds' }],
        },
        request: { method: 'PUT', url: `Patient?identifier=${encodeURIComponent(`${mrnSystem}|${mrn}`)}` },
      },
      {
        resource: {
          resourceType: 'Observation',
          identifier: [{ system: mrnSystem, value: `${mrn}-weight` }],
          status: 'final',
          code: { text: 'Body weight' },
          subject: { reference: 'urn:uuid:5f1c2a10-0000-4000-8000-000000000001' },
          valueQuantity: { value: weight, unit: 'kg' },
        },
        request: {
          method: 'PUT',
          url: `Observation?identifier=${encodeURIComponent(`${mrnSystem}|${mrn}-weight`)}`,
        },
      },
    ],
  };
}

beforeAll(async () => {
  t = await createTestApp();
  fhir = fhirClient(t.app);
  await fhir.put(`Organization/${gpOrg}`, { resourceType: 'Organization', id: gpOrg, name: 'GP system' });
  await fhir.put(`Organization/${hospitalOrg}`, {
    resourceType: 'Organization',
    id: hospitalOrg,
    name: 'Hospital',
  });
  gpSystem = {
    authorization: await bearer({
      role: 'source',
      clientId: 'gp-system-a',
      organization: gpOrg,
      name: 'GP system A',
    }),
  };
  hospitalSystem = {
    authorization: await bearer({
      role: 'source',
      clientId: 'hospital-b',
      organization: hospitalOrg,
      name: 'Hospital B',
    }),
  };
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('pushes from source systems', () => {
  it('stamps the source and writes a Provenance in the same transaction', async () => {
    const mrn = uid();
    const r = await fhir.post('', push(mrn, 70), gpSystem);
    expect(r.status, r.body).toBe(200);
    const patientRef = (r.json().entry[0].response.location as string).split('/_history')[0]!;
    const patient = (await fhir.get(patientRef)).json();
    expect(patient.meta.source).toBe('https://heartwood.nhs.example/source/client/gp-system-a');
    const provenance = (await fhir.get(`Provenance?target=${patientRef}`)).json();
    expect(provenance.entry).toHaveLength(1);
    const p = provenance.entry[0].resource;
    expect(p.agent[0].who.reference).toBe(`Organization/${gpOrg}`);
    expect(p.target).toHaveLength(2);
  });

  it('updates rather than duplicates when a source sends the same record again', async () => {
    const mrn = uid();
    expect((await fhir.post('', push(mrn, 70), gpSystem)).status).toBe(200);
    const again = await fhir.post('', push(mrn, 72), gpSystem);
    expect(again.status, again.body).toBe(200);
    const patients = (
      await fhir.get(`Patient?identifier=${encodeURIComponent(`${mrnSystem}|${mrn}`)}`)
    ).json();
    expect(patients.entry).toHaveLength(1);
    const weights = (
      await fhir.get(`Observation?identifier=${encodeURIComponent(`${mrnSystem}|${mrn}-weight`)}`)
    ).json();
    expect(weights.entry).toHaveLength(1);
    expect(weights.entry[0].resource.valueQuantity.value).toBe(72);
    expect(weights.entry[0].resource.meta.versionId).toBe('2');
  });

  it('keeps sources apart: one cannot see or overwrite what another sent', async () => {
    const mrn = uid();
    const first = await fhir.post('', push(mrn, 70), gpSystem);
    const gpPatient = (first.json().entry[0].response.location as string).split('/_history')[0]!;
    // The same identifier from another system is another system's record, for the index to link.
    const second = await fhir.post('', push(mrn, 80), hospitalSystem);
    expect(second.status, second.body).toBe(200);
    const hospitalPatient = (second.json().entry[0].response.location as string).split('/_history')[0]!;
    expect(hospitalPatient).not.toBe(gpPatient);
    expect((await fhir.get(gpPatient, hospitalSystem)).status).toBe(403);
    const overwrite = await fhir.put(
      gpPatient,
      { resourceType: 'Patient', id: gpPatient.split('/')[1], active: false },
      hospitalSystem,
    );
    expect(overwrite.status).toBe(403);
    const claimed = {
      resourceType: 'Patient',
      meta: { source: 'https://heartwood.nhs.example/source/client/gp-system-a' },
    };
    expect((await fhir.post('Patient', claimed, hospitalSystem)).status).toBe(403);
  });
});
