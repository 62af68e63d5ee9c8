import type { RunningHeartwood } from './start-heartwood.js';

export interface DemoPerson {
  id: string;
  name: string;
}

interface SearchBundle {
  entry?: { resource: { resourceType: string; id: string; [k: string]: unknown } }[];
}

async function fhirGet<T>(server: RunningHeartwood, path: string): Promise<T> {
  // As Heartwood itself: the tests look at the data, not at what a role may see.
  const token = await server.token({ role: 'system', name: 'Browser tests' });
  const response = await fetch(`${server.url}/fhir/${path}`, {
    headers: { accept: 'application/fhir+json', authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function person(server: RunningHeartwood, id: string): Promise<DemoPerson> {
  const patient = await fhirGet<{ name: { given: string[]; family: string }[] }>(server, `Patient/${id}`);
  const name = patient.name[0]!;
  return { id, name: `${name.given.join(' ')} ${name.family}` };
}

/**
 * The demo patients the walkthrough uses, found from the data rather than by name, so the tests keep
 * working when the demo population changes: the one whose GP and hospital both recorded an allergy,
 * and the one with the most HbA1c results (who also has blood pressure readings).
 */
export async function demoPeople(server: RunningHeartwood) {
  const hba1c = await fhirGet<SearchBundle>(server, 'Observation?code=http://loinc.org|59261-8&_count=500');
  const counts = new Map<string, number>();
  for (const e of hba1c.entry ?? []) {
    const subject = (e.resource.subject as { reference: string }).reference.replace('Patient/', '');
    counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  const withHospital = new Set(
    server.demo.patients.filter((p) => p.hospitalOdsCodes.length > 0).map((p) => p.id),
  );
  const [diabetesId] = [...counts].sort(
    (a, b) => b[1] - a[1] || Number(withHospital.has(b[0])) - Number(withHospital.has(a[0])),
  )[0]!;
  return {
    multiSource: await person(server, server.demo.multiSourcePatientId),
    diabetes: await person(server, diabetesId),
    hba1cCount: counts.get(diabetesId)!,
    fhirGet: <T>(path: string) => fhirGet<T>(server, path),
  };
}
