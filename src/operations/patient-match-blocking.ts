import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import { MAX_PAGE_SIZE, parseSearch } from '../fhir/search-request/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import { NHS_NUMBER_SYSTEM, canTransposeDayMonth, normalisePostcode } from '../identity/index.js';
import type { ResourceStore } from '../store/index.js';
import { blockingStatement } from './patient-match-blocking-sql.js';

/** One blocking pass: a Patient search that only a plausible candidate can satisfy. */
export type BlockingQuery = [name: string, value: string][];

export interface Candidates {
  /** Candidate Patients by id, in the order the passes found them (most specific passes first). */
  patients: Map<string, FhirResource>;
  /** True when a pass or the total was cut at the cap, so weaker candidates may be missing. */
  capped: boolean;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const objects = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);
/** Search values treat `,` `$` `|` `\` as syntax. */
const escape = (v: string) => v.replace(/[\\,$|]/g, (c) => `\\${c}`);

function familyNames(patient: FhirResource): string[] {
  const out = new Set<string>();
  for (const n of objects(patient.name)) {
    if (typeof n.family === 'string' && n.family.trim() !== '') out.add(n.family.trim());
    else if (typeof n.text === 'string') {
      const last = n.text.trim().split(/\s+/).at(-1);
      if (last) out.add(last);
    }
  }
  return [...out];
}

const givenNames = (patient: FhirResource) =>
  [...new Set(objects(patient.name).flatMap((n) => strings(n.given)))].filter((g) => g.trim() !== '');

/** The postcode as sent and in its normal form, so both "LS1 4AP" and "LS14AP" as stored are found. */
function postcodes(patient: FhirResource): string[] {
  const out = new Set<string>();
  for (const a of objects(patient.address)) {
    if (typeof a.postalCode !== 'string' || a.postalCode.trim() === '') continue;
    out.add(a.postalCode.trim());
    const normal = normalisePostcode(a.postalCode);
    if (normal) {
      out.add(normal);
      out.add(normal.replace(/ /g, ''));
    }
  }
  return [...out];
}

/** Full dates only: a partial birth date blocks by its year in the name pass. */
function birthDate(patient: FhirResource): string | undefined {
  const d = patient.birthDate;
  return typeof d === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d) ? d : undefined;
}

function transposed(date: string): string | undefined {
  const [y, m, d] = date.split('-');
  if (!y || !m || !d || !canTransposeDayMonth(date)) return undefined;
  const swapped = `${y}-${d}-${m}`;
  return swapped === date ? undefined : swapped;
}

/**
 * The blocking passes for a query Patient, most specific first. Each is a cheap indexed search; the
 * union holds every record a matcher could plausibly grade above certainly-not, without reading the
 * whole table: identifiers; name + birth date; birth date + postcode (catches name changes and typos);
 * the day/month-transposed birth date with postcode or name; a 3-letter family prefix within the birth
 * month (catches typos after the third letter, spelling variants of the same stem, and a mistyped day);
 * and telecoms.
 */
export function blockingQueries(patient: FhirResource): BlockingQuery[] {
  const queries: BlockingQuery[] = [];
  const identifiers = objects(patient.identifier).filter(
    (i) => typeof i.value === 'string' && i.value.trim() !== '',
  );
  const nhs = identifiers.filter((i) => i.system === NHS_NUMBER_SYSTEM);
  const others = identifiers.filter((i) => i.system !== NHS_NUMBER_SYSTEM && typeof i.system === 'string');
  for (const i of [...nhs, ...others].slice(0, 10))
    queries.push([['identifier', `${escape(String(i.system))}|${escape(String(i.value))}`]]);

  const families = familyNames(patient).slice(0, 4);
  const family = families.map(escape).join(',');
  const given = givenNames(patient).slice(0, 4).map(escape).join(',');
  const postcode = postcodes(patient).map(escape).join(',');
  const date = birthDate(patient);
  const swapped = date === undefined ? undefined : transposed(date);

  if (date && family)
    queries.push([
      ['family', family],
      ['birthdate', date],
    ]);
  if (date && postcode)
    queries.push([
      ['birthdate', date],
      ['address-postalcode', postcode],
    ]);
  if (swapped && postcode)
    queries.push([
      ['birthdate', swapped],
      ['address-postalcode', postcode],
    ]);
  if (swapped && family)
    queries.push([
      ['family', family],
      ['birthdate', swapped],
    ]);
  if (date && given)
    queries.push([
      ['given', given],
      ['birthdate', date],
    ]);
  const stems = [
    ...new Set(
      families.map((f) =>
        f
          .normalize('NFD')
          .replace(/[^A-Za-z]/g, '')
          .slice(0, 3),
      ),
    ),
  ];
  const stem = stems.filter((s) => s.length === 3).join(',');
  // Every pass is led by a selective exact value (an identifier, a birth date or month): a bare
  // 3-letter prefix matches tens of thousands of records in a store of a million and costs seconds.
  if (stem && date)
    queries.push([
      ['family', stem],
      ['birthdate', date.slice(0, 7)],
    ]);
  if (!date && family && given)
    queries.push([
      ['family', family],
      ['given', given],
    ]);
  for (const t of objects(patient.telecom).slice(0, 4))
    if (typeof t.value === 'string' && t.value.trim() !== '')
      queries.push([['telecom', escape(t.value.trim())]]);
  return queries;
}

/**
 * Runs the blocking passes as one statement over the index tables: the ids of at most `cap`
 * Patients, in the order of the first pass that found them (most specific first), and whether a
 * pass or the union had more (each pass asks for one more than it may keep, to know whether it was
 * cut). Ids only: what the caller may see of them is decided when they are read.
 */
export async function blockCandidateIds(
  store: ResourceStore,
  lookup: ParamLookup,
  base: string,
  queries: BlockingQuery[],
  cap: number,
): Promise<{ ids: string[]; capped: boolean }> {
  const statement = blockingStatement(queries, lookup, base, Math.min(cap + 1, MAX_PAGE_SIZE));
  if (statement === undefined) return { ids: [], capped: false };
  const hits = await store.withExecutor((exec) =>
    exec.query<{ id: string; pass: number }>(statement.sql, statement.params),
  );
  const perPass = new Map<number, number>();
  const ids = new Set<string>();
  for (const { id, pass } of hits.rows) {
    perPass.set(pass, (perPass.get(pass) ?? 0) + 1);
    ids.add(id);
  }
  const capped = ids.size > cap || [...perPass.values()].some((n) => n >= statement.perPass);
  return { ids: [...ids].slice(0, cap), capped };
}

/**
 * Reads Patients by id through `store`, a search by id per 1,000, so the caller's access rule applies
 * and the audit records whose records were read, as for any search. Ids it does not return (deleted,
 * or hidden from the caller) are absent from the map.
 */
export async function readPatients(
  store: ResourceStore,
  lookup: ParamLookup,
  base: string,
  ids: readonly string[],
): Promise<Map<string, FhirResource>> {
  const patients = new Map<string, FhirResource>();
  for (let at = 0; at < ids.length; at += MAX_PAGE_SIZE) {
    const chunk = ids.slice(at, at + MAX_PAGE_SIZE);
    const request = parseSearch(['Patient'], new URLSearchParams([['_id', chunk.join(',')]]), {
      lookup,
      lenient: false,
      base,
    });
    request.count = chunk.length;
    request.total = 'none';
    const found = await store.search(request);
    for (const v of found.resources)
      if (v.content !== undefined) patients.set(v.id, JSON.parse(v.content) as FhirResource);
  }
  return patients;
}

/** The blocking passes' candidates, read through `store` (see blockCandidateIds and readPatients). */
export async function findCandidates(
  store: ResourceStore,
  lookup: ParamLookup,
  base: string,
  queries: BlockingQuery[],
  cap: number,
): Promise<Candidates> {
  // Blocking sees every record and the caller may see fewer: ids are read until one more than `cap`
  // of them are visible, so records hidden from the caller neither take the places of those they may
  // see nor tell them, through `capped`, that there are more.
  const { ids } = await blockCandidateIds(store, lookup, base, queries, cap * HIDDEN_HEADROOM);
  const patients = new Map<string, FhirResource>();
  let at = 0;
  while (at < ids.length && patients.size <= cap) {
    const chunk = ids.slice(at, at + cap + 1 - patients.size);
    at += chunk.length;
    const read = await readPatients(store, lookup, base, chunk);
    for (const id of chunk) {
      const p = read.get(id);
      if (p !== undefined) patients.set(id, p);
    }
  }
  const capped = patients.size > cap;
  if (capped) patients.delete([...patients.keys()].pop()!);
  return { patients, capped };
}

/** How many times `cap` ids blocking may return, for callers who cannot see them all. */
const HIDDEN_HEADROOM = 4;
