import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../fhir/index.js';

/**
 * Cross-origin access for the listed browser origins only. With none listed no CORS headers are sent,
 * so browsers keep other sites' pages from calling the API. Tokens travel in the Authorization
 * header, never in cookies, so credentials are not allowed cross-origin.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  app.register(cors, {
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'If-Match',
      'If-None-Match',
      'If-None-Exist',
      'If-Modified-Since',
      'Prefer',
    ],
    exposedHeaders: [
      'ETag',
      'Location',
      'Content-Location',
      'Last-Modified',
      'X-Request-Id',
      'WWW-Authenticate',
    ],
    credentials: false,
    maxAge: 600,
  });
}

/**
 * Requests per minute per client: keyed by the verified token's client and subject, else by address.
 * Registered inside the API's own scope, after authentication (preHandler), so a client cannot dodge
 * its limit by changing unverified token contents. Counters are per process.
 */
export async function registerRateLimit(scope: FastifyInstance, perMinute: number): Promise<void> {
  await scope.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) =>
      request.principal
        ? `${request.principal.clientId ?? '-'}|${request.principal.subject}`
        : `ip|${request.ip}`,
    errorResponseBuilder: () =>
      errors.authThrottled(`More than ${perMinute} requests a minute from this client: slow down and retry.`),
  });
}
