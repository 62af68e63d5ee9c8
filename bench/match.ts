/**
 * The master patient index at scale: `Patient/$match` latency and the background linker's throughput
 * over a store holding a generated population (`heartwood demo generate`, Patient.ndjson loaded with
 * `heartwood import`). Record ids are `<source>-<person>`, so the evaluation (and only it) knows which
 * records are one person.
 *
 *   npx tsc -p tsconfig.build.json
 *   DATABASE_URL=postgres://… node dist/bench/match.js [--load DIR/Patient.ndjson] [--queries 1000] [--link 20000] [--json]

 * `--load` first writes the Patients through the store's batched write path (index extraction, one
 * transaction per 1,000), skipping the API's validation and audit: the generator's output is valid,
 * and the audited import serialises on the audit chain, which would measure the audit, not the MPI.
 *
 * $match is called in-process through the FHIR service (no HTTP), one at a time, with queries made
 * from stored records: half with the NHS number, half demographics only with a keying error in the
 * family name. The linker runs from its watermark for `--link` records (on a fresh load: the first
 * records loaded), against the whole store as candidates.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { createServiceFor } from '../src/main.js';
import { drainPatientLinker } from '../src/operations/index.js';
import { openStore } from '../src/store/index.js';
import type { OpenedStore } from '../src/store/index.js';
import type { FhirResource } from '../src/fhir/index.js';
import { percentiles } from './latency-stats.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const personOf = (id: string) => id.slice(id.indexOf('-') + 1);

function noisy(p: FhirResource, withNhs: boolean, i: number): FhirResource {
  const name = (p.name as { family?: string; given?: string[] }[])[0] ?? {};
  const family = name.family ?? '';
  // A transposition in the family name, as a receptionist might type it.
  const k = 1 + (i % Math.max(1, family.length - 2));
  const typo =
    family.length > 3 ? family.slice(0, k) + family[k + 1]! + family[k]! + family.slice(k + 2) : family;
  const identifiers = ((p.identifier as { system: string }[] | undefined) ?? []).filter(
    (x) => x.system === NHS,
  );
  return {
    resourceType: 'Patient',
    ...(withNhs && identifiers.length > 0 ? { identifier: identifiers } : {}),
    name: [{ family: withNhs ? family : typo, given: name.given }],
    birthDate: p.birthDate,
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.address ? { address: p.address } : {}),
  };
}

/** Writes the NDJSON Patients in batches, two transactions in flight; returns resources per second. */
async function load(opened: OpenedStore, file: string): Promise<{ count: number; perSecond: number }> {
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  let batch: FhirResource[] = [];
  let count = 0;
  const flush = async () => {
    const resources = batch;
    batch = [];
    const p = opened.store.write(
      resources.map((resource) => ({
        op: 'update' as const,
        resource: resource as FhirResource & { id: string },
      })),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    batch.push(JSON.parse(line) as FhirResource);
    count++;
    if (batch.length === 1000) await flush();
    if (count % 100_000 === 0) process.stderr.write(`loaded ${count.toLocaleString('en-GB')}\n`);
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
  return { count, perSecond: count / ((performance.now() - started) / 1000) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      queries: { type: 'string', default: '1000' },
      link: { type: 'string', default: '20000' },
      json: { type: 'boolean', default: false },
      load: { type: 'string' },
    },
  });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL database holding the population.');
  const opened = await openStore({ kind: 'pg', connectionString: url, poolSize: 4 });
  const service = createServiceFor(opened, 'http://localhost/fhir');
  const loaded = values.load ? await load(opened, values.load) : undefined;
  if (loaded) process.stderr.write(`loaded ${loaded.count} Patients at ${loaded.perSecond.toFixed(0)}/s\n`);
  const count = await opened.driver.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM resource WHERE resource_type = 'Patient' AND NOT deleted`,
  );
  const patients = Number(count.rows[0]!.n);

  // Queries: stored records spread over the whole load.
  const n = Number(values.queries);
  const sample = await opened.driver.query<{ content: string }>(
    `SELECT content FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND seq % $1 = 0 LIMIT $2`,
    [Math.max(1, Math.floor(patients / Math.max(n, 1))), n],
  );
  const latencies: Record<'nhs' | 'demographics', number[]> = { nhs: [], demographics: [] };
  const found: Record<'nhs' | 'demographics', number> = { nhs: 0, demographics: 0 };
  // Warm up plans and the validator.
  for (const row of sample.rows.slice(0, 20)) {
    const p = JSON.parse(row.content) as FhirResource;
    await service.handle({
      method: 'POST',
      url: 'Patient/$match',
      body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: noisy(p, true, 0) }] },
    });
  }
  for (const [i, row] of sample.rows.entries()) {
    const p = JSON.parse(row.content) as FhirResource;
    const kind = i % 2 === 0 ? 'nhs' : 'demographics';
    const started = performance.now();
    const r = await service.handle({
      method: 'POST',
      url: 'Patient/$match',
      body: {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource: noisy(p, kind === 'nhs', i) }],
      },
    });
    latencies[kind].push(performance.now() - started);
    const bundle = JSON.parse(r.body ?? '{}') as {
      entry?: { resource: { resourceType: string; id: string } }[];
    };
    const top = bundle.entry?.find((e) => e.resource.resourceType === 'Patient');
    if (top && personOf(top.resource.id) === personOf(String(p.id))) found[kind]++;
    if ((i + 1) % 100 === 0) {
      const [p50, p99] = percentiles([...latencies.nhs, ...latencies.demographics], [50, 99]);
      process.stderr.write(
        `$match: ${i + 1} queries, p50 ${p50!.toFixed(1)} ms, p99 ${p99!.toFixed(1)} ms\n`,
      );
    }
  }

  // The linker, from its watermark.
  const toLink = Number(values.link);
  const startedLink = performance.now();
  const progress = { processed: 0, linked: 0, reviews: 0 };
  while (progress.processed < toLink) {
    const p = await drainPatientLinker(opened, { batchSize: 200, maxBatches: 1 });
    if (p.processed === 0) break;
    progress.processed += p.processed;
    progress.linked += p.linked;
    progress.reviews += p.reviews;
    if (progress.processed % 1000 === 0) {
      const seconds = (performance.now() - startedLink) / 1000;
      process.stderr.write(
        `linker: ${progress.processed} records, ${(progress.processed / seconds).toFixed(1)}/s, ${progress.linked} links, ${progress.reviews} reviews\n`,
      );
    }
  }
  const linkMs = performance.now() - startedLink;
  const links = await opened.driver.query<{ patient_id: string; other_id: string }>(
    `SELECT patient_id, other_id FROM patient_link WHERE kind = 'auto' AND state = 'active'`,
  );
  const correct = links.rows.filter((l) => personOf(l.patient_id) === personOf(l.other_id)).length;
  // Recall over the records linked so far: of the pairs of records that are one person, how many the
  // automatic links join (directly or through other records).
  const seen = await opened.driver.query<{ id: string }>(
    `SELECT id FROM resource WHERE resource_type = 'Patient'
     AND seq <= (SELECT seq FROM patient_linker_state WHERE name = 'patient')`,
  );
  const parent = new Map<string, string>(seen.rows.map((r) => [r.id, r.id]));
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const l of links.rows)
    if (parent.has(l.patient_id) && parent.has(l.other_id)) parent.set(find(l.patient_id), find(l.other_id));
  const byPerson = new Map<string, string[]>();
  for (const r of seen.rows) byPerson.set(personOf(r.id), [...(byPerson.get(personOf(r.id)) ?? []), r.id]);
  let truePairs = 0;
  let joinedPairs = 0;
  for (const ids of byPerson.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        truePairs++;
        if (find(ids[i]!) === find(ids[j]!)) joinedPairs++;
      }
  const reviews = await opened.driver.query<{ low_id: string; high_id: string }>(
    'SELECT low_id, high_id FROM patient_link_review',
  );
  const reviewSame = reviews.rows.filter((r) => personOf(r.low_id) === personOf(r.high_id)).length;
  await opened.store.close();

  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    patients,
    ...(loaded ? { load: loaded } : {}),
    match: Object.fromEntries(
      (['nhs', 'demographics'] as const).map((k) => {
        const [p50, p90, p99] = percentiles(latencies[k], [50, 90, 99]);
        return [
          k,
          { queries: latencies[k].length, p50, p90, p99, topIsSamePerson: found[k] / latencies[k].length },
        ];
      }),
    ),
    linker: {
      records: progress.processed,
      seconds: linkMs / 1000,
      recordsPerSecond: progress.processed / (linkMs / 1000),
      msPer1000: (linkMs / Math.max(1, progress.processed)) * 1000,
      autoLinks: progress.linked,
      autoLinksSamePerson: links.rows.length === 0 ? 1 : correct / links.rows.length,
      truePairs,
      pairRecall: truePairs === 0 ? 0 : joinedPairs / truePairs,
      reviewTasks: progress.reviews,
      reviewsSamePerson: reviews.rows.length === 0 ? 0 : reviewSame / reviews.rows.length,
    },
  };
  if (values.json) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(
      `${figures.date} — ${figures.machine} — ${patients.toLocaleString('en-GB')} Patients on PostgreSQL`,
    );
    for (const [k, m] of Object.entries(figures.match))
      console.log(
        `$match (${k}): ${m.queries} queries, p50 ${m.p50!.toFixed(1)} ms, p90 ${m.p90!.toFixed(1)} ms, p99 ${m.p99!.toFixed(1)} ms, top result the same person ${(m.topIsSamePerson * 100).toFixed(1)}%`,
      );
    const l = figures.linker;
    console.log(
      `linker: ${l.records.toLocaleString('en-GB')} records in ${l.seconds.toFixed(1)} s = ${l.recordsPerSecond.toFixed(0)} records/s, ${(l.msPer1000 / 1000).toFixed(1)} s per 1,000; ${l.autoLinks} automatic links (${(l.autoLinksSamePerson * 100).toFixed(2)}% same person), ${l.reviewTasks} review Tasks (${(l.reviewsSamePerson * 100).toFixed(1)}% same person); ${(l.pairRecall * 100).toFixed(1)}% of ${l.truePairs} same-person pairs joined automatically`,
    );
  }
}

await main();
