import type { FastifyInstance } from 'fastify';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A small FHIR client over `app.inject`: JSON in, parsed reply out. */
export function fhirClient(app: FastifyInstance) {
  const call = async (
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const r = await app.inject({
      method,
      url: url.startsWith('/') ? url : `/fhir/${url}`,
      headers: { ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...headers },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.statusCode, headers: r.headers, body: r.body, json: () => JSON.parse(r.body) };
  };
  return {
    call,
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
    patch: (url: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', url, body, { 'content-type': 'application/json-patch+json', ...headers }),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}

export const uid = () => globalThis.crypto.randomUUID();

/** A valid Patient with an identifier unique to the calling test. */
export function patient(extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:test:mrn', value: uid() }],
    name: [{ family: 'Jones', given: ['Sam'] }],
    gender: 'female',
    birthDate: '1970-05-01',
    ...extra,
  };
}
