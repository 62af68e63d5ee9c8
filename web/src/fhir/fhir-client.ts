import { FhirRequestError } from './fhir-request-error.js';
import type { Bundle, FhirResource, OperationOutcome } from './resources.js';

/**
 * Search parameters. An array value is one parameter whose values are alternatives (FHIR joins
 * them with commas: `code=a,b` is a OR b); undefined values are left out.
 */
export type SearchParams = Record<string, string | number | readonly string[] | undefined>;

export interface FhirClient {
  read<T extends FhirResource>(type: T['resourceType'], id: string, signal?: AbortSignal): Promise<T>;
  /** `path` is a type (`Observation`) or a compartment (`Patient/123/AllergyIntolerance`). */
  search(path: string, params?: SearchParams, signal?: AbortSignal): Promise<Bundle>;
  /** Follows `next` links, up to `maxPages`, and returns every page's entries' resources. */
  searchAll(
    path: string,
    params?: SearchParams,
    options?: { maxPages?: number; signal?: AbortSignal },
  ): Promise<Bundle>;
  /** POST a new resource to its type; answers the stored resource. */
  create<T extends FhirResource>(resource: T): Promise<T>;
  /** PUT a resource (it must have an id); answers the stored version. */
  update<T extends FhirResource>(resource: T): Promise<T>;
  /** POST to an operation (`Appointment/$book`, `Patient/1/$break-glass`) with a Parameters body. */
  operation<T>(path: string, parameters?: FhirResource): Promise<T>;
}

export interface FhirClientOptions {
  /** Where the FHIR API is, e.g. `/fhir`. */
  baseUrl: string;
  /** Headers for every call: the session's authorisation once there is sign-in. */
  headers: () => Record<string, string>;
  fetch?: typeof fetch;
}

export function searchQuery(params: SearchParams = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    query.append(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A typed client for the Heartwood FHIR API over fetch, JSON only. */
export function createFhirClient(options: FhirClientOptions): FhirClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const get = <T>(url: string, signal?: AbortSignal) => send<T>('GET', url, undefined, signal);

  async function send<T>(method: string, url: string, payload?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(payload === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          // Writes answer with the stored resource, so the page shows what was kept.
          ...(method === 'GET' ? {} : { Prefer: 'return=representation' }),
          ...options.headers(),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        credentials: 'same-origin',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new FhirRequestError('network', 'The health record service could not be reached.');
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      throw new FhirRequestError(
        'format',
        `The health record service sent a response that is not FHIR JSON (HTTP ${response.status}).`,
        response.status,
        undefined,
        requestId,
      );
    }
    if (!response.ok) {
      const outcome = isOperationOutcome(body) ? body : undefined;
      throw new FhirRequestError(
        'http',
        `The health record service answered HTTP ${response.status}.`,
        response.status,
        outcome,
        requestId,
      );
    }
    return body as T;
  }

  const urlFor = (path: string) => (/^https?:\/\//.test(path) ? path : `${base}/${path.replace(/^\/+/, '')}`);

  return {
    read: (type, id, signal) => get(`${base}/${type}/${encodeURIComponent(id)}`, signal),
    search: (path, params, signal) => get<Bundle>(`${urlFor(path)}${searchQuery(params)}`, signal),
    async searchAll(path, params, { maxPages = 10, signal } = {}) {
      const first = await get<Bundle>(`${urlFor(path)}${searchQuery(params)}`, signal);
      const entry = [...(first.entry ?? [])];
      let next = first.link?.find((l) => l.relation === 'next')?.url;
      for (let page = 1; next && page < maxPages; page++) {
        const bundle = await get<Bundle>(samePlace(next), signal);
        entry.push(...(bundle.entry ?? []));
        next = bundle.link?.find((l) => l.relation === 'next')?.url;
      }
      return { ...first, entry, link: first.link?.filter((l) => l.relation !== 'next') };
    },
    create: (resource) => send('POST', `${base}/${resource.resourceType}`, resource),
    update: (resource) =>
      send('PUT', `${base}/${resource.resourceType}/${encodeURIComponent(resource.id ?? '')}`, resource),
    operation: (path, parameters) =>
      send('POST', urlFor(path), parameters ?? { resourceType: 'Parameters', parameter: [] }),
  };
}

/**
 * The server's paging links are absolute, built from its configured public base URL, which behind a
 * proxy can name another host than the one the pages came from; the pages only talk to their own
 * origin (the CSP's connect-src 'self'), so only the path and query are kept.
 */
function samePlace(url: string): string {
  const parsed = new URL(url, window.location.href);
  return `${parsed.pathname}${parsed.search}`;
}

function isOperationOutcome(body: unknown): body is OperationOutcome {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { resourceType?: unknown }).resourceType === 'OperationOutcome' &&
    Array.isArray((body as { issue?: unknown }).issue)
  );
}
