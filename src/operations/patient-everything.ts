import { errors } from '../fhir/index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseFilter } from '../fhir/search-request/index.js';
import type { Filter } from '../fhir/search-request/index.js';
import type { PatientCompartment } from '../definitions/index.js';
import type { OperationCall, OperationContext, OperationDefinition } from '../rest/index.js';
import { searchsetJson } from '../rest/bundle-builder.js';
import type { BundleLink } from '../rest/bundle-builder.js';
import type { StoredVersion } from '../store/index.js';
import {
  compartmentFilter,
  compartmentGroups,
  fetchReferenced,
  notInEarlierOwners,
  patientRecords,
  searchRequest,
} from './patient-records.js';

/** Resources outside the compartment that make the record readable: who, where, what medicine. */
const INCLUDED_TYPES = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Medication',
]);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Where the next page starts: the patient and linked records it was made for, the query it belongs
 * to, the step (owner × compartment group) and the store's keyset cursor within that step.
 */
interface EverythingCursor {
  p: string;
  o: string[];
  q: string;
  s: number;
  c?: string;
}

function encodeCursor(c: EverythingCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, id: string, owners: string[], query: string, steps: number) {
  const invalid = () =>
    errors.invalidParameter('_cursor does not belong to this $everything; start again from the first page.');
  let c: EverythingCursor;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as EverythingCursor;
  } catch {
    throw invalid();
  }
  if (
    typeof c !== 'object' ||
    c === null ||
    c.p !== id ||
    c.q !== query ||
    !Array.isArray(c.o) ||
    c.o.join(',') !== owners.join(',') ||
    !Number.isInteger(c.s) ||
    c.s < 0 ||
    c.s >= steps ||
    (c.c !== undefined && typeof c.c !== 'string')
  )
    throw invalid();
  return c;
}

/** `Patient/{id}/$everything`: the whole record of the person, across their linked Patient records. */
export function createPatientEverything(deps: {
  patientCompartment: PatientCompartment;
}): OperationDefinition {
  return {
    name: 'everything',
    levels: ['instance'],
    resourceTypes: ['Patient'],
    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
    affectsState: false,
    run: (ctx, call) => everything(ctx, call, deps.patientCompartment),
  };
}

async function everything(ctx: OperationContext, call: OperationCall, compartment: PatientCompartment) {
  const id = call.id!;
  const { params } = call;
  const since = params.get('_since') ?? undefined;
  const typeParam = params.get('_type') ?? undefined;
  const countParam = params.get('_count') ?? undefined;
  const cursorParam = params.get('_cursor') ?? undefined;

  let types: Set<string> | undefined;
  if (typeParam !== undefined) {
    types = new Set(typeParam.split(',').map((t) => t.trim()));
    for (const t of types) {
      if (t !== 'Patient' && !(compartment[t]?.params.length ?? 0))
        throw errors.invalidParameter(`_type: ${t.slice(0, 40)} is not in the Patient compartment.`);
    }
  }
  const filters: Filter[] = [];
  if (since !== undefined) {
    if (!INSTANT.test(since)) throw errors.invalidParameter('_since must be an instant with a time zone.');
    filters.push(
      parseFilter('Patient', '_lastUpdated', `ge${since}`, { lookup: ctx.lookup, lenient: false }),
    );
  }
  let count = DEFAULT_PAGE_SIZE;
  if (countParam !== undefined) {
    if (!/^[0-9]{1,7}$/.test(countParam)) throw errors.invalidParameter('_count must be a whole number.');
    count = Math.max(1, Math.min(Number(countParam), MAX_PAGE_SIZE));
  }

  const owners = await patientRecords(ctx.store, id, ctx.base);
  const groups = compartmentGroups(compartment, types);
  const steps = owners.flatMap((owner, ownerIndex) => groups.map((group) => ({ owner, ownerIndex, group })));
  const query = `${typeParam ?? ''}|${since ?? ''}`;
  const start = cursorParam
    ? decodeCursor(cursorParam, id, owners, query, steps.length)
    : { p: id, o: owners, q: query, s: 0 };

  const matches: StoredVersion[] = [];
  let stepIndex = start.s;
  let storeCursor = start.c;
  while (matches.length < count && stepIndex < steps.length) {
    const step = steps[stepIndex]!;
    const request = searchRequest(
      step.group.types,
      [compartmentFilter(step.owner, step.group), ...filters],
      count - matches.length,
    );
    request.cursor = storeCursor;
    const r = await ctx.store.search(request);
    matches.push(...(await notInEarlierOwners(ctx.store, owners, step.ownerIndex, step.group, r.resources)));
    storeCursor = r.next;
    if (!storeCursor) stepIndex++;
  }
  // The page may have ended exactly at the end of a step: look ahead so the last page has no `next`.
  if (!storeCursor) {
    while (stepIndex < steps.length) {
      const step = steps[stepIndex]!;
      const probe = await ctx.store.search(
        searchRequest(step.group.types, [compartmentFilter(step.owner, step.group), ...filters], 1),
      );
      if (probe.resources.length > 0) break;
      stepIndex++;
    }
  }
  const next =
    stepIndex < steps.length
      ? encodeCursor({ p: id, o: owners, q: query, s: stepIndex, ...(storeCursor ? { c: storeCursor } : {}) })
      : undefined;

  const known = new Set(matches.map((v) => `${v.resourceType}/${v.id}`));
  const parsed = matches.map((v) => JSON.parse(v.content!) as unknown);
  const included = await fetchReferenced(ctx.store, ctx.base, parsed, known, {
    types: INCLUDED_TYPES,
    rounds: 2,
  });

  const link = (cursor?: string) => {
    const p = new URLSearchParams();
    if (since !== undefined) p.set('_since', since);
    if (typeParam !== undefined) p.set('_type', typeParam);
    if (countParam !== undefined) p.set('_count', String(count));
    if (cursor) p.set('_cursor', cursor);
    const qs = p.toString();
    return `${ctx.base}/Patient/${id}/$everything${qs ? `?${qs}` : ''}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: link(cursorParam) }];
  if (next) links.push({ relation: 'next', url: link(next) });
  const entry = (mode: 'match' | 'include') => (v: StoredVersion) => ({
    fullUrl: `${ctx.base}/${v.resourceType}/${v.id}`,
    content: v.content!,
    mode,
  });
  return {
    status: 200,
    body: searchsetJson({
      total: !cursorParam && !next ? matches.length : undefined,
      links,
      entries: [...matches.map(entry('match')), ...included.map(entry('include'))],
    }),
  };
}
