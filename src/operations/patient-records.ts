import { errors, isObject } from '../fhir/index.js';
import type { Filter, SearchRequest } from '../fhir/search-request/index.js';
import type { PatientCompartment } from '../definitions/index.js';
import { linkedPatientIds } from '../identity/index.js';
import type { ResourceStore, StoredVersion } from '../store/index.js';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const PAGE = 1000;

/** One search of a patient's record: the compartment of one owner, over types sharing the same params. */
export interface CompartmentGroup {
  types: string[];
  params: string[];
  includeOwner: boolean;
}

export function searchRequest(resourceTypes: string[], filters: Filter[], count: number): SearchRequest {
  return {
    resourceTypes,
    filters,
    sort: [],
    count,
    total: 'none',
    summary: 'false',
    includes: [],
    applied: [],
    ignored: [],
  };
}

export function compartmentFilter(owner: string, group: CompartmentGroup): Filter {
  return {
    kind: 'compartment',
    ownerType: 'Patient',
    ownerId: owner,
    params: group.params,
    includeOwner: group.includeOwner,
  };
}

/**
 * The compartment's types grouped by identical parameter lists, so one search per group is exact (a
 * union of parameters over several types could match a parameter that is not a compartment link for
 * one of them). The Patient itself comes first. `types` restricts the groups (`_type`).
 */
export function compartmentGroups(compartment: PatientCompartment, types?: Set<string>): CompartmentGroup[] {
  const groups: CompartmentGroup[] = [];
  if (!types || types.has('Patient')) groups.push({ types: ['Patient'], params: [], includeOwner: true });
  const byParams = new Map<string, CompartmentGroup>();
  for (const type of Object.keys(compartment).sort()) {
    const params = compartment[type]?.params ?? [];
    if (type === 'Patient' || params.length === 0 || (types && !types.has(type))) continue;
    const key = [...params].sort().join(',');
    const group = byParams.get(key);
    if (group) group.types.push(type);
    else byParams.set(key, { types: [type], params: [...params].sort(), includeOwner: false });
  }
  return [...groups, ...byParams.values()];
}

/** `Type/id` of a reference to this server (relative, or absolute under `base`), else undefined. */
export function localTarget(reference: unknown, base: string): { type: string; id: string } | undefined {
  if (typeof reference !== 'string') return undefined;
  const relative = reference.startsWith(`${base}/`) ? reference.slice(base.length + 1) : reference;
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(relative);
  return m ? { type: m[1]!, id: m[2]! } : undefined;
}

/** Every `reference` string anywhere in a resource. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else if (typeof v === 'object') referencesIn(v, out);
    }
  }
  return out;
}

/**
 * The requested Patient and the other records of the same person: the closure over active links kept
 * by the master patient index and `Patient.link` in either direction (a hospital record often links to
 * the GP record without the reverse), bounded (see linkedPatientIds). The requested id comes first, the
 * others sorted, so paging cursors can name steps by position. 404/410 for the requested record; linked
 * records that are unknown or deleted are skipped.
 */
export async function patientRecords(store: ResourceStore, id: string, _base: string): Promise<string[]> {
  if (!ID.test(id)) throw errors.invalidId(`Patient id ${id.slice(0, 70)} is not a valid id.`);
  const v = await store.read('Patient', id);
  if (!v) throw errors.notFound(`Patient/${id} is not known.`);
  if (v.deleted) throw errors.gone(`Patient/${id} was deleted (version ${v.versionId}).`);
  const ids = await store.withExecutor((exec) => linkedPatientIds(exec, id));
  // Only records this store lets the caller read are part of the answer.
  const alive: string[] = [];
  for (const other of ids.slice(1)) {
    const found = await store.read('Patient', other);
    if (found && !found.deleted) alive.push(other);
  }
  return [id, ...alive];
}

/**
 * Of `found` (from the compartment of `owners[index]`), those not already in the compartment of an
 * earlier owner, so a resource that refers to two records of the person is listed once.
 */
export async function notInEarlierOwners(
  store: ResourceStore,
  owners: string[],
  index: number,
  group: CompartmentGroup,
  found: StoredVersion[],
): Promise<StoredVersion[]> {
  const drop = new Set<string>();
  for (const earlier of owners.slice(0, index)) {
    // A cheap text test first: only resources that mention the earlier record can be in its compartment.
    const candidates = found.filter((v) => v.content?.includes(`Patient/${earlier}"`));
    if (candidates.length === 0) continue;
    const types = [...new Set(candidates.map((v) => v.resourceType))];
    const r = await store.search(
      searchRequest(
        types,
        [{ kind: 'id', values: candidates.map((v) => v.id) }, compartmentFilter(earlier, group)],
        candidates.length,
      ),
    );
    for (const v of r.resources) drop.add(`${v.resourceType}/${v.id}`);
  }
  return found.filter((v) => !drop.has(`${v.resourceType}/${v.id}`));
}

/** Every current resource of `types` in the compartments of all `owners`, each once. */
export async function fetchRecords(
  store: ResourceStore,
  owners: string[],
  compartment: PatientCompartment,
  types: string[],
): Promise<StoredVersion[]> {
  const out = new Map<string, StoredVersion>();
  for (const type of types) {
    const group: CompartmentGroup = {
      types: [type],
      params: compartment[type]?.params ?? [],
      includeOwner: type === 'Patient',
    };
    for (const owner of owners) {
      let cursor: string | undefined;
      do {
        const request = searchRequest([type], [compartmentFilter(owner, group)], PAGE);
        request.cursor = cursor;
        const r = await store.search(request);
        for (const v of r.resources) out.set(`${v.resourceType}/${v.id}`, v);
        cursor = r.next;
      } while (cursor);
    }
  }
  return [...out.values()];
}

/**
 * The resources the given (parsed) ones refer to, of `types` or any type, not already in `known`,
 * following references `rounds` times so that e.g. a PractitionerRole's Organization comes too.
 */
export async function fetchReferenced(
  store: ResourceStore,
  base: string,
  from: unknown[],
  known: Set<string>,
  options: { types?: Set<string>; rounds?: number } = {},
): Promise<StoredVersion[]> {
  const out: StoredVersion[] = [];
  let frontier = from;
  for (let round = 0; round < (options.rounds ?? 1) && frontier.length > 0; round++) {
    const wanted = new Map<string, Set<string>>();
    for (const resource of frontier) {
      for (const ref of referencesIn(resource)) {
        const t = localTarget(ref, base);
        if (!t || known.has(`${t.type}/${t.id}`) || (options.types && !options.types.has(t.type))) continue;
        const ids = wanted.get(t.type) ?? new Set<string>();
        ids.add(t.id);
        wanted.set(t.type, ids);
      }
    }
    const found: StoredVersion[] = [];
    for (const [type, ids] of wanted) {
      const r = await store.search(searchRequest([type], [{ kind: 'id', values: [...ids] }], ids.size));
      for (const v of r.resources) {
        const key = `${v.resourceType}/${v.id}`;
        if (known.has(key)) continue;
        known.add(key);
        found.push(v);
      }
    }
    out.push(...found);
    frontier = found.map((v) => JSON.parse(v.content!) as unknown);
  }
  return out;
}
