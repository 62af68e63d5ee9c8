import type { InputFile } from '../src/ingest/index.js';
import { rawBundles } from './bundle-source.js';
import { keepAliveAgent, request } from './http-client.js';
import type { HttpTarget } from './http-client.js';

export interface HttpIngestResult {
  bundles: number;
  resources: number;
  errors: number;
  /** The first few error answers, for the report (status and OperationOutcome diagnostics). */
  errorSamples: string[];
  elapsedMs: number;
  /** Per Bundle (by source key), the `Type/id` the server gave each entry, in entry order. */
  locations: Map<string, string[]>;
}

/**
 * POSTs every Bundle to the FHIR base as a client would, `concurrency` at a time over keep-alive
 * connections, and keeps the ids the server assigned (from each entry's `response.location`).
 */
export async function httpIngest(
  target: HttpTarget,
  files: InputFile[],
  concurrency: number,
  onProgress?: (r: HttpIngestResult) => void,
): Promise<HttpIngestResult> {
  const agent = keepAliveAgent(concurrency);
  const result: HttpIngestResult = {
    bundles: 0,
    resources: 0,
    errors: 0,
    errorSamples: [],
    elapsedMs: 0,
    locations: new Map(),
  };
  const source = rawBundles(files);
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const { value: bundle, done } = await source.next();
      if (done) return;
      // return=minimal: the answer carries each entry's status and location, not 280 MB echoed back.
      const reply = await request(agent, 'POST', target.base, bundle.text, {
        ...target.headers,
        prefer: 'return=minimal',
      }).catch((e: Error) => ({ status: 0, body: e.message }));
      result.bundles++;
      if (reply.status !== 200) {
        result.errors++;
        if (result.errorSamples.length < 10)
          result.errorSamples.push(`${bundle.key}: ${reply.status} ${diagnostics(reply.body)}`);
      } else {
        const answer = JSON.parse(reply.body) as {
          entry?: { response?: { status?: string; location?: string } }[];
        };
        const ids: string[] = [];
        for (const e of answer.entry ?? []) {
          const status = Number.parseInt(e.response?.status ?? '', 10);
          if (status >= 200 && status < 300) result.resources++;
          else result.errors++;
          ids.push(e.response?.location?.replace(/\/_history\/.*$/, '') ?? '');
        }
        result.locations.set(bundle.key, ids);
      }
      result.elapsedMs = performance.now() - started;
      onProgress?.(result);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  result.elapsedMs = performance.now() - started;
  return result;
}

function diagnostics(body: string): string {
  try {
    const outcome = JSON.parse(body) as { issue?: { diagnostics?: string }[] };
    return (outcome.issue ?? [])
      .map((i) => i.diagnostics)
      .join('; ')
      .slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}
