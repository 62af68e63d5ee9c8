import { keepAliveAgent, request } from './http-client.js';
import type { HttpTarget } from './http-client.js';
import { percentiles } from './latency-stats.js';

export interface ReadLoadResult {
  connections: number;
  requests: number;
  errors: number;
  elapsedMs: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * Reads resources by id (`GET [base]/Type/id`) from `connections` keep-alive connections for a
 * fixed time, each connection issuing its next request as soon as the last answered (closed loop).
 * A short warm-up is not counted.
 */
export async function readLoad(
  target: HttpTarget,
  ids: string[],
  connections: number,
  seconds: number,
): Promise<ReadLoadResult> {
  if (ids.length === 0) throw new Error('nothing was ingested to read back');
  const agent = keepAliveAgent(connections);
  const warmupMs = Math.min(2000, seconds * 100);
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      const id = ids[next++ % ids.length]!;
      const reply = await request(agent, 'GET', `${target.base}/${id}`, undefined, target.headers).catch(
        () => ({ status: 0, body: '' }),
      );
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      requests++;
      if (reply.status !== 200) errors++;
      latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  const [p50, p90, p99] = percentiles(latencies, [50, 90, 99]) as [number, number, number];
  return { connections, requests, errors, elapsedMs: performance.now() - measureFrom, p50, p90, p99 };
}
