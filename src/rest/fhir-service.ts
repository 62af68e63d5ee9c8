import { systemPrincipal } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import type { AccessGuard } from '../policy/index.js';
import { errors } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { SearchRegistry } from '../fhir/search/index.js';
import type { StructureModel } from '../fhir/validation/index.js';
import type { PatientCompartment } from '../definitions/index.js';
import type { ResourceStore } from '../store/index.js';
import { processBundle } from './bundle-processor.js';
import { buildCapabilityStatement } from './capability-statement.js';
import type { FhirRequest, FhirResponse } from './fhir-request.js';
import { history, readInstance, readVersion } from './read-interactions.js';
import { createResultShaper } from './result-shaping.js';
import { searchInteraction } from './search-interaction.js';
import type { SearchCall } from './search-interaction.js';
import type { ReadContext } from './read-interactions.js';
import type { OperationDefinition } from './operation.js';
import { parseRequestUrl } from './request-url.js';
import type { RequestTarget } from './request-url.js';
import { executeWrites } from './write-interactions.js';
import type { ResourceValidator, WriteContext } from './write-interactions.js';

export interface FhirServiceDeps {
  store: ResourceStore;
  validator: ResourceValidator;
  /** The search parameters indexed at write time, by resource type. */
  registry: SearchRegistry;
  /** Element model, for `_summary` and `_elements`. */
  model: StructureModel;
  patientCompartment: PatientCompartment;
  /** The public FHIR base URL, e.g. `http://localhost:8080/fhir`; a request may override it. */
  baseUrl: string;
  softwareVersion?: string;
  /** The `$operations` this server offers. */
  operations?: OperationDefinition[];
  /**
   * The gate every interaction passes: access policy compiled into the store's queries, and the
   * audit trail. Absent only where a test exercises the bare RESTful machinery.
   */
  guard?: AccessGuard;
  /** Largest batch/transaction accepted; default 10,000 entries. */
  maxBundleEntries?: number;
}

export interface HandleOptions {
  baseUrl?: string;
  /** Who is asking; Heartwood itself when absent (CLI, importers). */
  principal?: Principal;
}

export interface FhirService {
  /** Handles any RESTful interaction, Bundles included. Throws FhirError for every client error. */
  handle(request: FhirRequest, options?: HandleOptions): Promise<FhirResponse>;
  capabilityStatement(baseUrl?: string): FhirResource;
}

/** The FHIR RESTful API as a service: the HTTP server and the importer both speak to it. */
export function createFhirService(deps: FhirServiceDeps): FhirService {
  const started = new Date().toISOString();
  const isType = (t: string) => deps.validator.isKnownResourceType(t);
  const lookup: ParamLookup = { param: (t, c) => deps.registry.param(t, c), isResourceType: isType };
  const shaper = createResultShaper(deps.model);
  const writeContext = (store: ResourceStore): WriteContext => ({ store, validator: deps.validator, lookup });
  const readContext = (store: ResourceStore, base: string): ReadContext => ({ store, base });
  const search = (store: ResourceStore, base: string, call: SearchCall) =>
    searchInteraction({ store, base, lookup, shaper }, call);
  const compartmentSearch = (
    store: ResourceStore,
    base: string,
    target: Extract<RequestTarget, { kind: 'compartment' }>,
    lenient: boolean,
  ) => {
    if (target.ownerType !== 'Patient') {
      throw errors.notSupported(`Only Patient compartments can be searched, not ${target.ownerType}.`);
    }
    const params = deps.patientCompartment[target.resourceType]?.params ?? [];
    const includeOwner = target.resourceType === 'Patient';
    if (params.length === 0 && !includeOwner) {
      throw errors.badRequest(`${target.resourceType} is not in the Patient compartment.`);
    }
    return search(store, base, {
      resourceTypes: [target.resourceType],
      path: `Patient/${target.ownerId}/${target.resourceType}`,
      params: target.query,
      lenient,
      implied: [{ kind: 'compartment', ownerType: 'Patient', ownerId: target.ownerId, params, includeOwner }],
    });
  };

  const capabilityStatement = (baseUrl = deps.baseUrl) =>
    buildCapabilityStatement({
      resourceTypes: deps.validator.resourceTypes(),
      searchParams: (type) =>
        [...deps.registry.paramsFor(type).values()]
          .filter((sp) => sp.type !== 'special' && sp.code !== '_id' && sp.code !== '_lastUpdated')
          .map((sp) => ({ name: sp.code, type: sp.type, definition: sp.url })),
      baseUrl,
      softwareVersion: deps.softwareVersion ?? '0.1.0',
      date: started,
      operations: deps.operations ?? [],
    });

  async function read(
    store: ResourceStore,
    request: FhirRequest,
    base: string,
    principal: Principal,
  ): Promise<FhirResponse> {
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
        return search(store, base, {
          resourceTypes: [target.resourceType],
          path: target.resourceType,
          params: target.query,
          lenient,
        });
      case 'compartment':
        return compartmentSearch(store, base, target, lenient);
      case 'system-history':
      case 'type-history':
      case 'instance-history':
        return history(ctx, target);
      case 'system':
        return systemSearch(store, base, target.query, lenient);
      case 'type-search':
        throw errors.methodNotAllowed('_search takes POST with a form body.');
      case 'operation':
        return runOperation(store, store, base, target, request, principal);
    }
  }

  const operations = deps.operations ?? [];
  async function runOperation(
    store: ResourceStore,
    elevated: ResourceStore,
    base: string,
    target: Extract<RequestTarget, { kind: 'operation' }>,
    request: FhirRequest,
    principal: Principal,
  ): Promise<FhirResponse> {
    const op = operations.find(
      (o) =>
        o.name === target.name &&
        o.levels.includes(target.level) &&
        (target.level === 'system' || !o.resourceTypes || o.resourceTypes.includes(target.resourceType!)),
    );
    const where = target.level === 'system' ? '' : ` on ${target.resourceType}`;
    if (!op)
      throw errors.notSupported(`The operation $${target.name}${where} is not supported by this server.`);
    const get = request.method === 'GET' || request.method === 'HEAD';
    if (get && op.affectsState) throw errors.methodNotAllowed(`$${op.name} changes data: use POST.`);
    if (!get && request.method !== 'POST' && !(request.method === 'DELETE' && op.acceptsDelete))
      throw errors.methodNotAllowed(`$${op.name} takes GET or POST.`);
    const params = new URLSearchParams(target.query);
    const body = !get && request.body && !Array.isArray(request.body) ? request.body : undefined;
    if (body?.resourceType === 'Parameters') {
      for (const p of (body.parameter as { name?: unknown; [k: string]: unknown }[] | undefined) ?? []) {
        const value = Object.entries(p).find(([k]) => k.startsWith('value'))?.[1];
        if (
          typeof p.name === 'string' &&
          (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        ) {
          params.append(p.name, String(value));
        }
      }
    }
    return op.run(
      {
        store,
        elevated,
        base,
        lookup,
        principal,
        handle: (r) => handle(r, { baseUrl: base, principal }),
      },
      { level: target.level, resourceType: target.resourceType, id: target.id, params, body, request },
    );
  }

  function systemSearch(store: ResourceStore, base: string, query: URLSearchParams, lenient: boolean) {
    const types = (query.get('_type') ?? '').split(',').filter((t) => t !== '');
    if (types.length === 0)
      throw errors.badRequest('A search across types needs _type, e.g. ?_type=Patient,Practitioner.');
    for (const t of types)
      if (!isType(t)) throw errors.invalidParameter(`_type: ${t.slice(0, 40)} is not a resource type.`);
    return search(store, base, { resourceTypes: types, path: '', params: query, lenient });
  }

  async function handle(request: FhirRequest, options?: HandleOptions): Promise<FhirResponse> {
    const base = options?.baseUrl ?? deps.baseUrl;
    const principal = options?.principal ?? systemPrincipal();
    const target = parseRequestUrl(request.url, isType);
    const interaction = deps.guard ? await deps.guard.begin(principal, request, target) : undefined;
    const store = interaction?.store ?? deps.store;
    const elevated = interaction?.elevated ?? deps.store;
    try {
      const response = await dispatch(store, elevated, request, target, base, principal);
      await interaction?.finish(response);
      return response;
    } catch (e) {
      await interaction?.fail(e);
      throw e;
    }
  }

  async function dispatch(
    store: ResourceStore,
    elevated: ResourceStore,
    request: FhirRequest,
    target: RequestTarget,
    base: string,
    principal: Principal,
  ): Promise<FhirResponse> {
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (target.kind === 'operation') return runOperation(store, elevated, base, target, request, principal);
      return read(store, request, base, principal);
    }
    if (request.method === 'POST' && target.kind === 'system') {
      return processBundle(
        {
          store,
          writeContext,
          read: (store, r) => read(store, r, base, principal),
          maxEntries: deps.maxBundleEntries ?? 10_000,
        },
        request.body,
        request,
      );
    }
    if (target.kind === 'operation') return runOperation(store, elevated, base, target, request, principal);
    if (request.method === 'POST' && target.kind === 'type-search') {
      const lenient = request.prefer?.handling === 'lenient';
      return search(store, base, {
        resourceTypes: [target.resourceType],
        path: target.resourceType,
        params: target.query,
        lenient,
      });
    }
    const [response] = await store.transaction((tx) =>
      executeWrites(writeContext(tx), [{ request, target }]),
    );
    return response!;
  }

  return { capabilityStatement, handle };
}
