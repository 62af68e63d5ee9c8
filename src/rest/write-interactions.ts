import { applyPatch } from 'rfc6902';
import type { Operation } from 'rfc6902';
import { errors, FhirError, informational, isObject, newId } from '../fhir/index.js';
import type { FhirResource, Issue } from '../fhir/index.js';
import type { ResourceStore, WriteRequest, WriteResult } from '../store/index.js';
import type { FhirRequest, FhirResponse, ReturnPreference } from './fhir-request.js';
import { rewriteReferences } from './references.js';
import { parseETagVersion, truncate } from './request-url.js';
import type { RequestTarget } from './request-url.js';
import { parseSearch } from '../fhir/search-request/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';

export interface ResourceValidator {
  validate(resource: unknown): Issue[];
  isKnownResourceType(type: string): boolean;
  resourceTypes(): string[];
}

export interface WriteContext {
  /** The store bound to the surrounding database transaction. */
  store: ResourceStore;
  validator: ResourceValidator;
  lookup: ParamLookup;
}

/** One write of a transaction (or a single HTTP write, which is a transaction of one). */
export interface WriteEntry {
  /** Position in the Bundle, for error messages; undefined for a plain HTTP request. */
  index?: number;
  fullUrl?: string;
  request: FhirRequest;
  target: RequestTarget;
}

type Kind = 'create' | 'update' | 'patch' | 'delete';

interface Plan {
  entry: WriteEntry;
  kind: Kind;
  resourceType: string;
  id?: string;
  resource?: FhirResource & { id: string };
  ifMatch?: number;
  /** Decided without writing (conditional create that matched, conditional delete of nothing). */
  decided?: FhirResponse;
}

/** The spec's processing order within a transaction: DELETE, POST, PUT/PATCH. */
const ORDER: Record<Kind, number> = { delete: 0, create: 1, update: 2, patch: 2 };

/**
 * Runs writes as one unit inside the caller's database transaction: resolves conditional requests,
 * assigns ids, rewrites `urn:uuid` and conditional references, validates, and applies every write in
 * one batched store call. Responses come back in the entries' order.
 */
export async function executeWrites(ctx: WriteContext, entries: WriteEntry[]): Promise<FhirResponse[]> {
  const plans: Plan[] = [];
  for (const entry of entries) plans.push(await inEntry(entry, () => plan(ctx, entry)));
  const order = [...plans].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);

  const fullUrlMap = new Map<string, string>();
  for (const p of plans) {
    if (p.entry.fullUrl && p.id && p.kind !== 'delete')
      fullUrlMap.set(p.entry.fullUrl, `${p.resourceType}/${p.id}`);
  }
  const conditionalRefs = new Map<string, string>();
  for (const p of order) {
    if (!p.resource || p.decided) continue;
    await inEntry(p.entry, async () => {
      const pending: string[] = [];
      rewriteReferences(p.resource, (ref) => {
        const local = fullUrlMap.get(ref);
        if (local) return local;
        if (/^[A-Z][A-Za-z]+\?/.test(ref) && !conditionalRefs.has(ref)) pending.push(ref);
        return undefined;
      });
      for (const ref of pending) conditionalRefs.set(ref, await resolveConditionalReference(ctx, ref));
      if (pending.length > 0) rewriteReferences(p.resource, (ref) => conditionalRefs.get(ref));
    });
  }

  const requests: WriteRequest[] = [];
  const planOfRequest: Plan[] = [];
  for (const p of order) {
    if (p.decided) continue;
    await inEntry(p.entry, async () => {
      if (p.kind === 'patch') await applyJsonPatch(ctx, p);
      if (p.resource) validate(ctx, p.resource);
      requests.push(toWriteRequest(p));
      planOfRequest.push(p);
    });
  }
  const results = await ctx.store.write(requests, { entries: planOfRequest.map((p) => p.entry.index) });
  const responses = new Map<Plan, FhirResponse>();
  results.forEach((r, i) => responses.set(planOfRequest[i]!, respond(planOfRequest[i]!, r)));
  return plans.map((p) => p.decided ?? responses.get(p)!);
}

async function plan(ctx: WriteContext, entry: WriteEntry): Promise<Plan> {
  const { request, target } = entry;
  const ifMatch = request.ifMatch !== undefined ? parseETagVersion(request.ifMatch, 'If-Match') : undefined;
  switch (request.method) {
    case 'POST': {
      if (target.kind !== 'type')
        throw errors.methodNotAllowed(`POST is not allowed on ${describe(target)}.`);
      const resource = bodyResource(request, target.resourceType);
      if (request.ifNoneExist) {
        const found = await conditionalMatch(ctx, target.resourceType, request.ifNoneExist, 'If-None-Exist');
        if (found.length > 1) {
          throw errors.multipleMatches(
            `If-None-Exist matched ${found.length} ${target.resourceType} resources.`,
          );
        }
        if (found.length === 1) {
          const v = found[0]!;
          return {
            entry,
            kind: 'create',
            resourceType: target.resourceType,
            id: v.id,
            decided: withReturn(
              request,
              {
                status: 200,
                body: v.content,
                location: location(v.resourceType, v.id, v.versionId),
                versionId: v.versionId,
                lastModified: v.lastUpdated,
              },
              'The resource already exists: nothing was created.',
            ),
          };
        }
      }
      const id = newId();
      return { entry, kind: 'create', resourceType: target.resourceType, id, resource: { ...resource, id } };
    }
    case 'PUT': {
      if (target.kind === 'instance') {
        const resource = bodyResource(request, target.resourceType);
        if (resource.id === undefined)
          throw errors.badRequest('The resource in a PUT must carry its id.', [`${target.resourceType}.id`]);
        if (resource.id !== target.id) {
          throw errors.badRequest(
            `The resource id "${truncate(String(resource.id))}" does not match the URL id "${target.id}".`,
            [`${target.resourceType}.id`],
          );
        }
        return {
          entry,
          kind: 'update',
          resourceType: target.resourceType,
          id: target.id,
          resource: { ...resource, id: target.id },
          ifMatch,
        };
      }
      if (target.kind === 'type') {
        const resource = bodyResource(request, target.resourceType);
        const found = await conditionalMatch(
          ctx,
          target.resourceType,
          target.query.toString(),
          'conditional update',
        );
        if (found.length > 1)
          throw errors.multipleMatches(`The conditional update matched ${found.length} resources.`);
        const matchId = found[0]?.id;
        if (matchId && resource.id !== undefined && resource.id !== matchId) {
          throw errors.badRequest(
            `The resource id does not match the resource the criteria found (${target.resourceType}/${matchId}).`,
            [`${target.resourceType}.id`],
          );
        }
        const id = matchId ?? (typeof resource.id === 'string' ? resource.id : newId());
        return {
          entry,
          kind: 'update',
          resourceType: target.resourceType,
          id,
          resource: { ...resource, id },
          ifMatch,
        };
      }
      throw errors.methodNotAllowed(`PUT is not allowed on ${describe(target)}.`);
    }
    case 'PATCH': {
      const ops = request.body;
      if (!Array.isArray(ops)) throw errors.badRequest('A PATCH body must be a JSON Patch array.');
      if (target.kind === 'instance')
        return { entry, kind: 'patch', resourceType: target.resourceType, id: target.id, ifMatch };
      if (target.kind === 'type') {
        const found = await conditionalMatch(
          ctx,
          target.resourceType,
          target.query.toString(),
          'conditional patch',
        );
        if (found.length !== 1) {
          throw found.length === 0
            ? errors.notFound('The conditional patch matched no resource.')
            : errors.multipleMatches(`The conditional patch matched ${found.length} resources.`);
        }
        return { entry, kind: 'patch', resourceType: target.resourceType, id: found[0]!.id, ifMatch };
      }
      throw errors.methodNotAllowed(`PATCH is not allowed on ${describe(target)}.`);
    }
    case 'DELETE': {
      if (target.kind === 'instance')
        return { entry, kind: 'delete', resourceType: target.resourceType, id: target.id, ifMatch };
      if (target.kind === 'type') {
        const found = await conditionalMatch(
          ctx,
          target.resourceType,
          target.query.toString(),
          'conditional delete',
        );
        if (found.length > 1)
          throw errors.multipleMatches(
            `The conditional delete matched ${found.length} resources; nothing was deleted.`,
          );
        if (found.length === 0) {
          return {
            entry,
            kind: 'delete',
            resourceType: target.resourceType,
            decided: withReturn(request, { status: 204 }, 'No resource matched: nothing was deleted.'),
          };
        }
        return { entry, kind: 'delete', resourceType: target.resourceType, id: found[0]!.id, ifMatch };
      }
      throw errors.methodNotAllowed(`DELETE is not allowed on ${describe(target)}.`);
    }
    default:
      throw errors.methodNotAllowed(`${request.method} is not a write.`);
  }
}

function bodyResource(request: FhirRequest, resourceType: string): FhirResource {
  const body = request.body;
  if (!isObject(body)) throw errors.badRequest('The request needs a FHIR resource as its body.');
  if (body.resourceType !== resourceType) {
    throw errors.badRequest(
      `The body is a ${truncate(String(body.resourceType))}, but the URL is for ${resourceType}.`,
      ['resourceType'],
    );
  }
  // References are rewritten in place: the service owns the request body (see FhirRequest.body).
  return body as FhirResource;
}

async function conditionalMatch(ctx: WriteContext, resourceType: string, query: string, what: string) {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const criteria = [...params.keys()].filter(
    (k) => !k.startsWith('_') || k === '_id' || k === '_lastUpdated',
  );
  if (criteria.length === 0) throw errors.badRequest(`A ${what} needs search criteria.`);
  const parsed = parseSearch([resourceType], params, { lookup: ctx.lookup, lenient: false });
  if (parsed.filters.some((f) => f.kind === 'value-set'))
    throw errors.badRequest(`A ${what} cannot use :in or :not-in.`);
  const page = await ctx.store.search({
    ...parsed,
    sort: [],
    includes: [],
    count: 2,
    total: 'none',
    summary: 'false',
  });
  return page.resources;
}

async function resolveConditionalReference(ctx: WriteContext, ref: string): Promise<string> {
  const q = ref.indexOf('?');
  const type = ref.slice(0, q);
  if (!ctx.validator.isKnownResourceType(type))
    throw errors.badRequest(`The conditional reference "${truncate(ref)}" names an unknown type.`);
  const found = await conditionalMatch(ctx, type, ref.slice(q + 1), 'conditional reference');
  if (found.length !== 1) {
    throw errors.unprocessable(
      `The conditional reference "${truncate(ref)}" matched ${found.length === 0 ? 'no' : 'more than one'} resource.`,
    );
  }
  return `${type}/${found[0]!.id}`;
}

async function applyJsonPatch(ctx: WriteContext, p: Plan): Promise<void> {
  const current = await ctx.store.read(p.resourceType, p.id!);
  if (!current) throw errors.notFound(`${p.resourceType}/${p.id} is not known.`);
  if (current.deleted) throw errors.gone(`${p.resourceType}/${p.id} was deleted.`);
  if (p.ifMatch !== undefined && p.ifMatch !== current.versionId) {
    throw errors.versionConflict(
      `${p.resourceType}/${p.id} is at version ${current.versionId}, not ${p.ifMatch}.`,
    );
  }
  const doc = JSON.parse(current.content!) as FhirResource;
  const ops = p.entry.request.body as Operation[];
  let results: ReturnType<typeof applyPatch>;
  try {
    results = applyPatch(doc, ops);
  } catch {
    throw errors.badRequest('The JSON Patch document is not valid.');
  }
  const failed = results.findIndex((r) => r !== null);
  if (failed >= 0) {
    const r = results[failed]!;
    const status = r.name === 'TestError' ? 409 : 422;
    throw new FhirError(status, {
      severity: 'error',
      code: r.name === 'TestError' ? 'conflict' : 'processing',
      detailsCode: 'HW-PATCH-001',
      diagnostics: `JSON Patch operation ${failed} (${ops[failed]?.op} ${truncate(String(ops[failed]?.path))}) failed: ${r.name}.`,
    });
  }
  if (doc.resourceType !== p.resourceType || doc.id !== p.id) {
    throw errors.unprocessable('A patch may not change the resource type or id.');
  }
  // Optimistic locking: the write fails if someone else changed it since this read.
  p.ifMatch = current.versionId;
  p.resource = doc as FhirResource & { id: string };
}

function validate(ctx: WriteContext, resource: FhirResource): void {
  const issues = ctx.validator
    .validate(resource)
    .filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (issues.length > 0) throw new FhirError(400, issues);
}

function toWriteRequest(p: Plan): WriteRequest {
  if (p.kind === 'delete')
    return { op: 'delete', resourceType: p.resourceType, id: p.id!, ifMatch: p.ifMatch };
  if (p.kind === 'create') return { op: 'create', resource: p.resource! };
  return { op: 'update', resource: p.resource!, ifMatch: p.ifMatch };
}

function respond(p: Plan, r: WriteResult): FhirResponse {
  const request = p.entry.request;
  switch (r.outcome) {
    case 'not-found':
      throw inEntryError(
        p.entry,
        errors.notFound(`${r.resourceType}/${r.id} is not known: nothing was deleted.`),
      );
    case 'deleted':
    case 'already-deleted':
      return withReturn(
        request,
        { status: 204, versionId: r.versionId || undefined },
        r.outcome === 'deleted'
          ? `${r.resourceType}/${r.id} was deleted.`
          : `${r.resourceType}/${r.id} was already deleted.`,
      );
    default: {
      const created = r.outcome === 'created';
      return withReturn(
        request,
        {
          status: created ? 201 : 200,
          body: r.content,
          location: location(r.resourceType, r.id, r.versionId),
          versionId: r.versionId,
          lastModified: r.lastUpdated,
        },
        r.outcome === 'unchanged'
          ? 'The content was unchanged: no new version was made.'
          : `${r.resourceType}/${r.id} version ${r.versionId} was ${created ? 'created' : 'updated'}.`,
      );
    }
  }
}

function withReturn(request: FhirRequest, response: FhirResponse, message: string): FhirResponse {
  const pref: ReturnPreference = request.prefer?.return ?? 'representation';
  if (pref === 'minimal') return { ...response, body: undefined };
  if (pref === 'OperationOutcome') {
    return {
      ...response,
      status: response.status === 204 ? 200 : response.status,
      body: JSON.stringify(informational(message)),
    };
  }
  return response;
}

function location(type: string, id: string, version: number): string {
  return `${type}/${id}/_history/${version}`;
}

function describe(target: RequestTarget): string {
  return target.kind.replace('-', ' ') + ('resourceType' in target ? ` ${target.resourceType}` : '');
}

async function inEntry<T>(entry: WriteEntry, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw inEntryError(entry, e);
  }
}

/** Errors inside a Bundle say which entry, with expressions rooted at `Bundle.entry[i].resource`. */
function inEntryError(entry: WriteEntry, e: unknown): unknown {
  if (entry.index === undefined || !(e instanceof FhirError)) return e;
  const prefix = `Bundle.entry[${entry.index}]`;
  return new FhirError(
    e.status,
    e.issues.map((i) => ({
      ...i,
      diagnostics: `${prefix}: ${i.diagnostics}`,
      expression: i.expression?.map(
        (x) => `${prefix}.resource${x.includes('.') ? x.slice(x.indexOf('.')) : ''}`,
      ) ?? [prefix],
    })),
  );
}
