import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/index.js';
import { errors } from '../fhir/index.js';
import type { FhirRequest, FhirResponse, FhirService } from '../rest/index.js';
import { registerCors, registerRateLimit } from './api-protection.js';
import { registerAuthRoutes } from './auth-routes.js';
import type { AuthRoutesDeps } from './auth-routes.js';
import { sendError } from './error-mapper.js';
import { FHIR_JSON, negotiate, parsePrefer } from './negotiation.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebApp } from './web-app.js';

export interface AppDeps {
  service: FhirService;
  /** Public base URL of the FHIR API; when absent it is derived from each request's Host. */
  baseUrl?: string;
  /** Largest request body accepted, in bytes; default 64 MiB (large transaction bundles). */
  bodyLimitBytes?: number;
  /** Pino options, or false for none (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Liveness/readiness probe of the database. */
  ping?: () => Promise<void>;
  /** The built web app (web/dist) to serve at `/`; no pages when absent. */
  webDistDir?: string;
  /**
   * Verifies bearer tokens. Every `/fhir` request except the CapabilityStatement and SMART discovery
   * needs one; without it the API is open (only for embedding in trusted tests or tools).
   */
  auth?: { authenticate(headers: { authorization?: string }, address?: string): Promise<Principal> };
  /** Key set, SMART discovery, the embedded OpenID provider and its sign-in pages. */
  signIn?: AuthRoutesDeps;
  /** Browser origins allowed cross-origin (CORS); none when empty. */
  corsOrigins?: string[];
  /** Requests per minute per client (token client and subject, else address); off when 0 or absent. */
  rateLimitPerMinute?: number;
  /** Trust X-Forwarded-* headers from a TLS-terminating proxy. */
  trustProxy?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, once the bearer token is verified (FHIR routes only). */
    principal: Principal | null;
  }
}

/** FHIR paths anyone may read: the CapabilityStatement and SMART discovery. */
function isPublicFhirPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === 'metadata' || path.startsWith('.well-known/');
}

const JSON_BODY_TYPES = [
  'application/fhir+json',
  'application/json',
  'application/json+fhir',
  'application/json-patch+json',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const OPERATION_FORMATS = new Set([
  'csv',
  'text/csv',
  'ndjson',
  'application/x-ndjson',
  'application/ndjson',
]);

/** Builds the Heartwood HTTP server without opening a port (tests use `app.inject`). */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: deps.bodyLimitBytes ?? 64 * 1024 * 1024,
    logger: deps.logger === undefined ? false : deps.logger,
    genReqId: () => globalThis.crypto.randomUUID(),
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    trustProxy: deps.trustProxy ?? false,
  });
  app.decorateRequest('principal', null);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_BODY_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(errors.malformedJson('The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  app.addContentTypeParser(
    ['application/fhir+xml', 'application/xml', 'text/xml'],
    (_req, _payload, done) => {
      done(errors.unsupportedMediaType('XML is not supported: send application/fhir+json.'), undefined);
    },
  );

  app.setErrorHandler((error, request, reply) => sendError(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      errors.notFoundPath('There is nothing at this address. The FHIR API is at /fhir.'),
    ),
  );
  registerSecurityHeaders(app);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.ping?.();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = new URL(request.url, 'http://localhost').searchParams;
    // Operations such as ViewDefinition/$run answer in formats of their own (CSV, NDJSON).
    const format = query.get('_format') ?? undefined;
    const operationFormat =
      request.url.includes('/$') && format !== undefined && OPERATION_FORMATS.has(format);
    const mediaType = operationFormat ? FHIR_JSON : negotiate(format, request.headers.accept);
    // The raw path, so that an encoded '/' inside an id stays part of that id (and is rejected).
    const rawPath = request.url.split('?')[0]!;
    const path = rawPath.replace(/^\/fhir\/?/, '');
    const fhirRequest = toFhirRequest(request, path, query);
    const base = deps.baseUrl ?? `${request.protocol}://${request.host}/fhir`;
    const principal = request.principal ?? undefined;
    const response = await deps.service.handle(fhirRequest, { baseUrl: base, principal });
    return send(reply, response, mediaType, base, query.get('_pretty') === 'true', request.method === 'HEAD');
  };
  // Authentication runs before everything else on the FHIR routes (rate limiting keys on its result).
  const authenticate = async (request: FastifyRequest) => {
    if (!deps.auth) return;
    const path = request.url.split('?')[0]!.replace(/^\/fhir\/?/, '');
    if (isPublicFhirPath(request.method, path)) return;
    const authorization = request.headers.authorization;
    request.principal = await deps.auth.authenticate({ authorization }, request.ip);
  };
  registerCors(app, deps.corsOrigins ?? []);
  // The API in a scope of its own, so the rate limit applies to it (and is in place before its routes).
  app.register(async (api) => {
    if (deps.rateLimitPerMinute) await registerRateLimit(api, deps.rateLimitPerMinute);
    api.route({ method: [...METHODS], url: '/fhir', onRequest: authenticate, handler });
    api.route({ method: [...METHODS], url: '/fhir/*', onRequest: authenticate, handler });
  });
  if (deps.signIn) registerAuthRoutes(app, deps.signIn);
  if (deps.webDistDir) registerWebApp(app, { distDir: deps.webDistDir });
  return app;
}

function toFhirRequest(request: FastifyRequest, path: string, query: URLSearchParams): FhirRequest {
  const h = request.headers;
  const method = request.method as FhirRequest['method'];
  let body = request.body as FhirRequest['body'] | URLSearchParams | undefined;
  // POST Type/_search: the form body carries the search parameters.
  if (body instanceof URLSearchParams) {
    if (!(method === 'POST' && path.endsWith('_search'))) {
      throw errors.unsupportedMediaType('A form body is only accepted by POST [type]/_search.');
    }
    for (const [k, v] of body) query.append(k, v);
    body = undefined;
  } else if (method === 'PATCH' && body !== undefined) {
    const type = (h['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/json-patch+json') {
      throw errors.unsupportedMediaType('PATCH takes a JSON Patch document (application/json-patch+json).');
    }
  }
  if (
    (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
    body === undefined &&
    !path.endsWith('_search')
  ) {
    throw errors.badRequest(`${method} needs a request body.`);
  }
  const qs = query.toString();
  const header = (name: string) => {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const prefer = parsePrefer(header('prefer'));
  return {
    method,
    url: qs ? `${path}?${qs}` : path,
    body: body as FhirRequest['body'],
    ifMatch: header('if-match'),
    ifNoneMatch: header('if-none-match'),
    ifModifiedSince: header('if-modified-since'),
    ifNoneExist: header('if-none-exist'),
    prefer,
  };
}

function send(
  reply: FastifyReply,
  response: FhirResponse,
  mediaType: string,
  base: string,
  pretty: boolean,
  head: boolean,
): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  if (response.versionId !== undefined) reply.header('ETag', `W/"${response.versionId}"`);
  if (response.lastModified) reply.header('Last-Modified', new Date(response.lastModified).toUTCString());
  if (response.location) {
    reply.header('Location', `${base}/${response.location}`);
    if (response.status === 201) reply.header('Content-Location', `${base}/${response.location}`);
  }
  if (response.body === undefined || response.status === 204 || response.status === 304) return reply.send();
  reply.type(response.contentType ?? mediaType);
  if (head) return reply.header('Content-Length', Buffer.byteLength(response.body)).send();
  const json = response.contentType === undefined;
  return reply.send(pretty && json ? JSON.stringify(JSON.parse(response.body), null, 2) : response.body);
}
