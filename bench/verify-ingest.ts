import type { InputFile } from '../src/ingest/index.js';
import { rawBundles } from './bundle-source.js';
import { keepAliveAgent, request } from './http-client.js';
import type { HttpTarget } from './http-client.js';

export interface VerifyResult {
  compared: number;
  mismatches: number;
  /** Bundles whose ingest failed, so there was nothing to compare. */
  skippedBundles: number;
  /** The first mismatches: where, and the JSON path of the first difference (never the values). */
  samples: string[];
  elapsedMs: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Reads back every ingested resource and compares it with its source: equal apart from the
 * server-owned `meta.versionId`/`meta.lastUpdated`, the new id, and `urn:uuid:` references, which must
 * now point at `Type/newId` of exactly the entry that had that fullUrl.
 */
export async function verifyIngest(
  target: HttpTarget,
  files: InputFile[],
  locations: Map<string, string[]>,
  concurrency = 16,
): Promise<VerifyResult> {
  const agent = keepAliveAgent(concurrency);
  const started = performance.now();
  const result: VerifyResult = { compared: 0, mismatches: 0, skippedBundles: 0, samples: [], elapsedMs: 0 };
  const mismatch = (where: string, why: string) => {
    result.mismatches++;
    if (result.samples.length < 20) result.samples.push(`${where}: ${why}`);
  };

  const checks = (async function* () {
    for await (const raw of rawBundles(files)) {
      const ids = locations.get(raw.key);
      if (!ids) {
        result.skippedBundles++;
        continue;
      }
      const bundle = JSON.parse(raw.text) as {
        entry?: { fullUrl?: string; resource?: { resourceType: string } & Record<string, Json> }[];
      };
      const entries = bundle.entry ?? [];
      const byFullUrl = new Map<string, string>();
      entries.forEach((e, i) => {
        if (e.fullUrl && ids[i]) byFullUrl.set(e.fullUrl, ids[i]!);
      });
      for (let i = 0; i < entries.length; i++) {
        const source = entries[i]!.resource;
        const target = ids[i];
        if (!source || !target) continue;
        const expected = rewrite(structuredClone(source), byFullUrl) as Record<string, Json>;
        expected.id = target.slice(target.indexOf('/') + 1);
        yield { where: `${raw.key} entry ${i} (${target})`, target, expected };
      }
    }
  })();

  const worker = async () => {
    for (;;) {
      const { value: check, done } = await checks.next();
      if (done) return;
      const reply = await request(
        agent,
        'GET',
        `${target.base}/${check.target}`,
        undefined,
        target.headers,
      ).catch(() => ({
        status: 0,
        body: '',
      }));
      result.compared++;
      if (reply.status !== 200) {
        mismatch(check.where, `read answered ${reply.status}`);
        continue;
      }
      const actual = withoutServerMeta(JSON.parse(reply.body) as Json);
      const difference = firstDifference(withoutServerMeta(check.expected), actual, '');
      if (difference !== undefined) mismatch(check.where, `differs at ${difference || '(root)'}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { ...result, elapsedMs: performance.now() - started };
}

function rewrite(node: Json, byFullUrl: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, byFullUrl));
  if (node === null || typeof node !== 'object') return node;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:')) {
      // An unresolvable urn:uuid would have failed the transaction; keep it so the compare shows it.
      node[k] = byFullUrl.get(v) ?? v;
    } else {
      node[k] = rewrite(v, byFullUrl);
    }
  }
  return node;
}

function withoutServerMeta(resource: Json): Json {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) return resource;
  const meta = resource.meta;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return resource;
  const { versionId: _v, lastUpdated: _l, ...rest } = meta;
  const out = { ...resource };
  if (Object.keys(rest).length > 0) out.meta = rest;
  else delete out.meta;
  return out;
}

/** The JSON path of the first difference, or undefined when equal (object key order ignored). */
export function firstDifference(a: Json, b: Json, path: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    if (a.length !== bb.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i]!, bb[i]!, `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const bo = b as Record<string, Json>;
  const keys = new Set([...Object.keys(a), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!(k in a) || !(k in bo)) return `${path}.${k}`;
    const d = firstDifference(a[k]!, bo[k]!, `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}
