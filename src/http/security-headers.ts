import type { FastifyInstance } from 'fastify';

/** Headers every response carries: no sniffing, no framing, no caching of patient data by intermediaries. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Request-Id', request.id);
    if (request.url.startsWith('/fhir') && !request.url.startsWith('/fhir/metadata')) {
      reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
}
