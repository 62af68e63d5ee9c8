import { errors } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { Indexer, ResourceStore } from '../store/index.js';
import { processBundle } from './bundle-processor.js';
import { buildCapabilityStatement } from './capability-statement.js';
import type { FhirRequest, FhirResponse } from './fhir-request.js';
import { history, readInstance, readVersion, searchType } from './read-interactions.js';
import type { ReadContext } from './read-interactions.js';
import { parseRequestUrl } from './request-url.js';
import { executeWrites } from './write-interactions.js';
import type { ResourceValidator, WriteContext } from './write-interactions.js';

export interface FhirServiceDeps {
  store: ResourceStore;
  validator: ResourceValidator;
  indexer: Indexer;
  /** The public FHIR base URL, e.g. `http://localhost:8080/fhir`; a request may override it. */
  baseUrl: string;
  softwareVersion?: string;
  /** Largest batch/transaction accepted; default 10,000 entries. */
  maxBundleEntries?: number;
}

export interface FhirService {
  /** Handles any RESTful interaction, Bundles included. Throws FhirError for every client error. */
  handle(request: FhirRequest, options?: { baseUrl?: string }): Promise<FhirResponse>;
  capabilityStatement(baseUrl?: string): FhirResource;
}

/** The FHIR RESTful API as a service: the HTTP server and the importer both speak to it. */
export function createFhirService(deps: FhirServiceDeps): FhirService {
  const started = new Date().toISOString();
  const isType = (t: string) => deps.validator.isKnownResourceType(t);
  const search = { indexedParams: (type: string) => deps.indexer.indexedParams(type) };
  const writeContext = (store: ResourceStore): WriteContext => ({ store, validator: deps.validator, search });
  const readContext = (store: ResourceStore, base: string): ReadContext => ({ store, base, search });

  const capabilityStatement = (baseUrl = deps.baseUrl) =>
    buildCapabilityStatement({
      resourceTypes: deps.validator.resourceTypes(),
      searchParams: (type) =>
        deps.indexer.indexedParams(type).map((name) => ({
          name,
          type: 'token',
          definition: `http://hl7.org/fhir/SearchParameter/${type}-${name}`,
        })),
      baseUrl,
      softwareVersion: deps.softwareVersion ?? '0.1.0',
      date: started,
    });

  async function read(store: ResourceStore, request: FhirRequest, base: string): Promise<FhirResponse> {
    const target = parseRequestUrl(request.url, isType);
    const ctx = readContext(store, base);
    const lenient = request.prefer?.handling === 'lenient';
    switch (target.kind) {
      case 'metadata':
        return { status: 200, body: JSON.stringify(capabilityStatement(base)) };
      case 'instance':
        return readInstance(ctx, target, request);
      case 'version':
        return readVersion(ctx, target);
      case 'type':
        return searchType(ctx, target.resourceType, target.query, lenient);
      case 'system-history':
      case 'type-history':
      case 'instance-history':
        return history(ctx, target);
      case 'system':
        throw errors.notSupported(
          'Searching across all resource types is not supported yet; search one type.',
        );
      case 'type-search':
        throw errors.methodNotAllowed('_search takes POST with a form body.');
    }
  }

  return {
    capabilityStatement,
    async handle(request, options) {
      const base = options?.baseUrl ?? deps.baseUrl;
      if (request.method === 'GET' || request.method === 'HEAD') return read(deps.store, request, base);
      const target = parseRequestUrl(request.url, isType);
      if (request.method === 'POST' && target.kind === 'system') {
        return processBundle(
          {
            store: deps.store,
            writeContext,
            read: (store, r) => read(store, r, base),
            maxEntries: deps.maxBundleEntries ?? 10_000,
          },
          request.body,
          request,
        );
      }
      if (request.method === 'POST' && target.kind === 'type-search') {
        const lenient = request.prefer?.handling === 'lenient';
        return searchType(readContext(deps.store, base), target.resourceType, target.query, lenient);
      }
      const [response] = await deps.store.transaction((tx) =>
        executeWrites(writeContext(tx), [{ request, target }]),
      );
      return response!;
    },
  };
}
