import type { FastifyInstance } from 'fastify';
import { computeMeasure, MEASURES, parseMeasurePeriod } from '../analytics/index.js';
import type { SqlExecutor } from '../store/index.js';

export interface PublicApiDeps {
  driver: SqlExecutor;
  /** "Now", for the default period; the clock unless a test passes one. */
  now?: () => Date;
}

/**
 * The public statistics API: no sign-in, aggregates only, every figure through disclosure control and
 * with national data opt-outs left out (see src/analytics/measures and docs/measures.md).
 *
 * - `GET /api/public/measures`: the measures and their definitions.
 * - `GET /api/public/measures/{id}?period=2025|2025-Q2|2025-06`: the league table for a period (by
 *   default the last full calendar year).
 */
export function registerPublicApi(app: FastifyInstance, deps: PublicApiDeps): void {
  const now = deps.now ?? (() => new Date());
  app.get('/api/public/measures', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return {
      measures: MEASURES.map((m) => ({ ...m, url: `/api/public/measures/${m.id}` })),
      defaultPeriod: defaultPeriod(now()),
    };
  });
  app.get<{ Params: { id: string }; Querystring: { period?: string } }>(
    '/api/public/measures/:id',
    async (request, reply) => {
      const period = parseMeasurePeriod(request.query.period ?? defaultPeriod(now()));
      const published = await computeMeasure(
        { driver: deps.driver, secondaryUse: true },
        request.params.id,
        period,
      );
      reply.header('cache-control', 'public, max-age=300');
      return published;
    },
  );
}

function defaultPeriod(now: Date): string {
  return String(now.getUTCFullYear() - 1);
}
