import { keepAliveAgent, request } from './http-client.js';
import type { HttpTarget } from './http-client.js';
import { percentiles } from './latency-stats.js';

export interface SearchLoadResult {
  name: string;
  example: string;
  requests: number;
  errors: number;
  /** Mean resources on the first page, to show the searches are not empty. */
  meanTotal: number;
  p50: number;
  p90: number;
  p99: number;
}

interface Bundle {
  total?: number;
  entry?: { resource: Record<string, unknown> }[];
}

/**
 * Samples real values from the loaded data (codes, patients, organisation names), then times each
 * kind of search from one connection, one query after another, for a fixed time.
 */
export async function searchLoad(target: HttpTarget, seconds: number): Promise<SearchLoadResult[]> {
  const agent = keepAliveAgent(1);
  const get = async (path: string): Promise<Bundle> => {
    const r = await request(agent, 'GET', `${target.base}/${path}`, undefined, target.headers);
    if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
    return JSON.parse(r.body) as Bundle;
  };
  const observations = (await get('Observation?_count=500&_elements=code,subject&_total=none')).entry ?? [];
  const codes = [
    ...new Set(
      observations.map(
        (e) => (e.resource.code as { coding?: { system: string; code: string }[] })?.coding?.[0],
      ),
    ),
  ]
    .filter((c): c is { system: string; code: string } => c !== undefined)
    .map((c) => `${c.system}|${c.code}`);
  const uniqueCodes = [...new Set(codes)];
  const patients = ((await get('Patient?_count=200&_elements=id&_total=none')).entry ?? []).map(
    (e) => e.resource.id as string,
  );
  const orgs = ((await get('Organization?_count=100&_total=none')).entry ?? [])
    .map((e) => e.resource.name as string)
    .filter((n) => typeof n === 'string')
    .map((n) => n.split(' ')[0]!);
  if (uniqueCodes.length === 0 || patients.length === 0 || orgs.length === 0) {
    throw new Error('the data has no Observations, Patients or Organizations to search');
  }

  const kinds: { name: string; query: (i: number) => string }[] = [
    {
      name: 'token: Observation?code=system|code (first page of 50)',
      query: (i) => `Observation?code=${encodeURIComponent(uniqueCodes[i % uniqueCodes.length]!)}&_count=50`,
    },
    {
      name: 'patient + date range: Observation?patient=…&date=ge…&date=lt…',
      query: (i) =>
        `Observation?patient=Patient/${patients[i % patients.length]}&date=ge2010-01-01&date=lt2020-01-01&_count=50`,
    },
    {
      name: 'two-level chain: Observation?encounter.service-provider.name=…',
      query: (i) =>
        `Observation?encounter.service-provider.name=${encodeURIComponent(orgs[i % orgs.length]!)}&_count=50`,
    },
    {
      name: 'string: Patient?name=… (prefix)',
      query: (i) => `Patient?name=${encodeURIComponent(String.fromCharCode(65 + (i % 26)))}&_count=50`,
    },
  ];
  const results: SearchLoadResult[] = [];
  for (const kind of kinds) {
    const latencies: number[] = [];
    let errors = 0;
    let totals = 0;
    const end = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < end; i++) {
      const path = kind.query(i);
      const t0 = performance.now();
      const r = await request(agent, 'GET', `${target.base}/${path}`, undefined, target.headers).catch(
        () => ({ status: 0, body: '' }),
      );
      latencies.push(performance.now() - t0);
      if (r.status !== 200) errors++;
      else totals += (JSON.parse(r.body) as Bundle).entry?.length ?? 0;
    }
    const [p50, p90, p99] = percentiles(latencies, [50, 90, 99]) as [number, number, number];
    results.push({
      name: kind.name,
      example: kind.query(0),
      requests: latencies.length,
      errors,
      meanTotal: latencies.length > errors ? totals / (latencies.length - errors) : 0,
      p50,
      p90,
      p99,
    });
  }
  agent.destroy();
  return results;
}
