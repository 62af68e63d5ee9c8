import { errors, FhirError, isObject } from '../fhir/index.js';
import type { Bundle, BundleEntry } from '../fhir/index.js';
import type { ResourceStore } from '../store/index.js';
import type { FhirRequest, FhirResponse, JsonPatchOperation } from './fhir-request.js';
import { parseRequestUrl } from './request-url.js';
import { statusLine } from './status-text.js';
import type { WriteContext, WriteEntry } from './write-interactions.js';
import { executeWrites } from './write-interactions.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface BundleDeps {
  store: ResourceStore;
  writeContext: (store: ResourceStore) => WriteContext;
  /** Answers a GET/HEAD entry with the given (transaction-bound) store. */
  read: (store: ResourceStore, request: FhirRequest) => Promise<FhirResponse>;
  maxEntries: number;
}

/** Processes a `batch` or `transaction` Bundle and answers with its response Bundle. */
export async function processBundle(
  deps: BundleDeps,
  body: unknown,
  outer: FhirRequest,
): Promise<FhirResponse> {
  if (!isObject(body) || body.resourceType !== 'Bundle') {
    throw errors.badRequest('POST to the base needs a Bundle of type batch or transaction.', [
      'resourceType',
    ]);
  }
  const bundle = body as unknown as Bundle;
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw errors.badRequest(
      `Bundle.type must be batch or transaction, not "${String(bundle.type).slice(0, 40)}".`,
      ['Bundle.type'],
    );
  }
  const rawEntries = bundle.entry ?? [];
  if (!Array.isArray(rawEntries)) throw errors.badRequest('Bundle.entry must be an array.', ['Bundle.entry']);
  if (rawEntries.length > deps.maxEntries) {
    throw errors.bodyTooLarge(
      `The Bundle has ${rawEntries.length} entries; the limit is ${deps.maxEntries}.`,
      ['Bundle.entry'],
    );
  }
  const isType = (t: string) => deps.writeContext(deps.store).validator.isKnownResourceType(t);

  if (bundle.type === 'transaction') {
    const entries = rawEntries.map((e, i) => toWriteEntry(e, i, outer, isType));
    const responses = await deps.store.transaction(async (tx) => {
      const writes = entries.filter((e) => !isRead(e.request));
      const written = await executeWrites(deps.writeContext(tx), writes);
      const byEntry = new Map<WriteEntry, FhirResponse>();
      writes.forEach((w, i) => byEntry.set(w, written[i]!));
      const out: FhirResponse[] = [];
      for (const e of entries) {
        if (byEntry.has(e)) out.push(byEntry.get(e)!);
        else out.push(await readEntry(deps, tx, e));
      }
      return out;
    });
    return {
      status: 200,
      body: responseBundle(
        'transaction-response',
        entries.map((_, i) => entryJson(responses[i]!)),
      ),
    };
  }

  const parts: string[] = [];
  for (let i = 0; i < rawEntries.length; i++) {
    try {
      const entry = toWriteEntry(rawEntries[i], i, outer, isType);
      const response = isRead(entry.request)
        ? await readEntry(deps, deps.store, entry)
        : (await deps.store.transaction((tx) => executeWrites(deps.writeContext(tx), [entry])))[0]!;
      parts.push(entryJson(response));
    } catch (e) {
      if (!(e instanceof FhirError)) throw e;
      parts.push(
        JSON.stringify({ response: { status: statusLine(e.status), outcome: e.toOperationOutcome() } }),
      );
    }
  }
  return { status: 200, body: responseBundle('batch-response', parts) };
}

function isRead(r: FhirRequest): boolean {
  return r.method === 'GET' || r.method === 'HEAD';
}

async function readEntry(deps: BundleDeps, store: ResourceStore, entry: WriteEntry): Promise<FhirResponse> {
  try {
    return await deps.read(store, entry.request);
  } catch (e) {
    if (e instanceof FhirError && entry.index !== undefined) {
      throw new FhirError(
        e.status,
        e.issues.map((i) => ({ ...i, diagnostics: `Bundle.entry[${entry.index}]: ${i.diagnostics}` })),
      );
    }
    throw e;
  }
}

function toWriteEntry(
  raw: unknown,
  index: number,
  outer: FhirRequest,
  isType: (t: string) => boolean,
): WriteEntry {
  const at = `Bundle.entry[${index}]`;
  const fail = (msg: string, path = '') => errors.bundleEntry(`${at}: ${msg}`, [`${at}${path}`]);
  if (!isObject(raw)) throw fail('each entry must be an object.');
  const entry = raw as BundleEntry;
  const request = entry.request;
  if (!isObject(request)) throw fail('every batch/transaction entry needs a request.', '.request');
  if (typeof request.method !== 'string' || !METHODS.has(request.method)) {
    throw fail('request.method must be GET, HEAD, POST, PUT, PATCH or DELETE.', '.request.method');
  }
  if (typeof request.url !== 'string' || request.url === '')
    throw fail('request.url is required.', '.request.url');
  if (/^[a-z]+:\/\//i.test(request.url))
    throw fail('request.url must be relative to this server.', '.request.url');
  const method = request.method as FhirRequest['method'];
  let body: FhirRequest['body'];
  if (method === 'PATCH') body = patchBody(entry, fail);
  else if (method === 'POST' || method === 'PUT') {
    if (!isObject(entry.resource)) throw fail(`a ${method} entry needs a resource.`, '.resource');
    body = entry.resource;
  }
  if (entry.fullUrl !== undefined && typeof entry.fullUrl !== 'string')
    throw fail('fullUrl must be a string.', '.fullUrl');
  const fhirRequest: FhirRequest = {
    method,
    url: request.url,
    body,
    ifMatch: request.ifMatch,
    ifNoneMatch: request.ifNoneMatch,
    ifNoneExist: request.ifNoneExist,
    ifModifiedSince: request.ifModifiedSince,
    prefer: outer.prefer,
  };
  let target;
  try {
    target = parseRequestUrl(request.url, isType);
  } catch (e) {
    if (e instanceof FhirError)
      throw fail(e.issues[0]?.diagnostics ?? 'request.url is not valid.', '.request.url');
    throw e;
  }
  return { index, fullUrl: entry.fullUrl, request: fhirRequest, target };
}

/** In a Bundle, a JSON Patch travels as a Binary with contentType application/json-patch+json. */
function patchBody(entry: BundleEntry, fail: (m: string, p?: string) => FhirError): JsonPatchOperation[] {
  const r = entry.resource as { resourceType?: string; contentType?: string; data?: string } | undefined;
  if (
    !r ||
    r.resourceType !== 'Binary' ||
    r.contentType !== 'application/json-patch+json' ||
    typeof r.data !== 'string'
  ) {
    throw fail(
      'a PATCH entry needs a Binary resource with contentType application/json-patch+json.',
      '.resource',
    );
  }
  try {
    const ops = JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as unknown;
    if (!Array.isArray(ops)) throw new Error('not an array');
    return ops as JsonPatchOperation[];
  } catch {
    throw fail('the Binary data is not a base64 JSON Patch array.', '.resource.data');
  }
}

function entryJson(r: FhirResponse): string {
  const response: Record<string, unknown> = { status: statusLine(r.status) };
  if (r.location) response.location = r.location;
  if (r.versionId !== undefined) response.etag = `W/"${r.versionId}"`;
  if (r.lastModified) response.lastModified = r.lastModified;
  const parts: string[] = [];
  if (r.body && r.status < 300) parts.push(`"resource":${r.body}`);
  parts.push(`"response":${JSON.stringify(response)}`);
  return `{${parts.join(',')}}`;
}

function responseBundle(type: string, entries: string[]): string {
  return `{"resourceType":"Bundle","id":"${globalThis.crypto.randomUUID()}","type":"${type}","entry":[${entries.join(',')}]}`;
}
