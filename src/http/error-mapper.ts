import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FhirError } from '../fhir/index.js';
import { errors, isFhirError, toOperationOutcome } from '../fhir/index.js';
import { FHIR_JSON } from './negotiation.js';

/**
 * The only place errors become HTTP responses. Every non-2xx body is an OperationOutcome with a stable
 * code; a 500 carries the request id and never a stack trace or patient data.
 */
export function toFhirError(error: unknown, requestId: string): FhirError {
  if (isFhirError(error)) return error;
  const e = error as Partial<FastifyError> & { status?: number; type?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.bodyTooLarge('The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.unsupportedMediaType(
        'Send FHIR resources as application/fhir+json (or application/json); XML is not supported.',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.badRequest('The request body is empty.');
    case 'FST_ERR_CTP_INVALID_TYPE':
      return errors.unsupportedMediaType('The Content-Type header is not valid.');
    default:
      break;
  }
  if (e.statusCode === 413 || e.type === 'entity.too.large') {
    return errors.bodyTooLarge('The request body is larger than this server accepts.');
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return errors.badRequest('The request could not be understood.');
  }
  return errors.internal(`An unexpected error occurred. Quote request id ${requestId} when reporting it.`);
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const fhirError = toFhirError(error, request.id);
  if (fhirError.status >= 500) {
    // Only the error's type and stack frames: messages from deep layers could quote patient data.
    const err = error as Error;
    request.log.error(
      { errName: err?.name, code: (err as { code?: unknown })?.code, stack: stackFrames(err) },
      'request failed',
    );
  }
  for (const [name, value] of Object.entries(challengeHeaders(fhirError))) reply.header(name, value);
  const outcome = toOperationOutcome(fhirError.issues);
  return reply.code(fhirError.status).type(FHIR_JSON).send(JSON.stringify(outcome));
}

/**
 * RFC 6750 §3: a 401 names the scheme; when a token was sent but failed, `error="invalid_token"`
 * tells the client to get a new one rather than retry. A 429 says when to come back.
 */
export function challengeHeaders(error: FhirError): Record<string, string> {
  if (error.status === 401) {
    const code = error.issues[0]?.detailsCode;
    return {
      'WWW-Authenticate':
        code === 'HW-AUTH-001'
          ? 'Bearer realm="heartwood"'
          : `Bearer realm="heartwood", error="invalid_token", error_description="${code ?? 'invalid token'}"`,
    };
  }
  if (error.status === 429) return { 'Retry-After': '60' };
  return {};
}

function stackFrames(e: Error | undefined): string | undefined {
  return e?.stack
    ?.split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
}
