import type { Bundle, FhirResource } from '../../fhir/index.js';
import type { FhirService } from '../../rest/index.js';
import { escapeSearchValue, identifierQuery } from './transaction-builder.js';
import type { KeyIdentifier, PlannedEntry, TransactionBuilder } from './transaction-builder.js';
import type { RecentMap } from './recent-map.js';

type Json = Record<string, unknown>;
type Stored = FhirResource & { id: string; meta: { versionId: string } };

interface Link {
  other?: { reference?: string };
  type?: string;
}

/** A record as this processor last wrote it (or found it, for a create-if-absent). */
export interface WrittenRecord {
  id: string;
  versionId: string;
  /** A patient's links as written: the next upsert must keep them. */
  link?: Link[];
  /** When it was learnt (ms since the epoch). */
  at: number;
}

/**
 * What the processor learnt from its own committed transactions, by entry key
 * (`resourceType|system|value`). An upsert may start from it instead of searching, because it writes
 * `Type/id` locked to the remembered version: if anyone changed (or deleted) the record since, the
 * transaction fails with 412 and the message is mapped again without it. A create-if-absent record has
 * no version to lock to, so it is only trusted for `sharedMs` after it was seen.
 */
export interface WriteMemory {
  records: RecentMap<WrittenRecord>;
  sharedMs: number;
  now(): number;
}

export const entryKey = (e: { resourceType: string; key: KeyIdentifier }): string =>
  `${e.resourceType}|${e.key.system}|${e.key.value}`;

/**
 * Resolves the records a message writes against what is stored, before the transaction.
 *
 * Patients are read because a patient's `link`s belong to merges, not to the demographics a later ADT
 * message carries:
 * - `upsert` keeps the stored links (and `active: false` once the record was merged away);
 * - `amend` / `retire` (A40) keep the stored record and only add the merge link (and, for the merged
 *   record, `active: false`); they write from the message only when there is no record yet.
 * Every write of a stored record carries its version (If-Match), so a change in between makes the
 * transaction fail with 412 and the message is mapped again rather than losing that change. Patients
 * still to be read are read in one search; other records are only resolved from `memory`. Answers
 * whether anything was taken from memory (a failure may then only mean that it was out of date).
 */
export async function resolveExistingRecords(
  service: Pick<FhirService, 'handle'>,
  builder: TransactionBuilder,
  memory?: WriteMemory,
): Promise<boolean> {
  const found = new Map<PlannedEntry, { id: string; versionId: string; link?: Link[]; stored?: Stored }>();
  const unknown: PlannedEntry[] = [];
  let fromMemory = false;
  for (const entry of builder.entries()) {
    const last = remembered(entry, memory);
    if (last) fromMemory = true;
    if (entry.resourceType !== 'Patient') {
      if (last) entry.existing = { id: last.id, versionId: last.versionId };
    } else if (last) found.set(entry, last);
    else if (entry.mode !== 'create-if-absent') unknown.push(entry);
  }
  for (const [entry, stored] of await findEach(service, unknown)) {
    found.set(entry, {
      id: stored.id,
      versionId: stored.meta.versionId,
      link: stored.link as Link[] | undefined,
      stored,
    });
  }
  // A urn of this message stands for the stored record it resolves to, so links compare equal.
  const resolved = new Map<string, string>();
  for (const [entry, stored] of found) resolved.set(entry.fullUrl, `Patient/${stored.id}`);
  const linkKey = (l: Link) => `${l.type}|${resolved.get(l.other?.reference ?? '') ?? l.other?.reference}`;

  for (const [entry, current] of found) {
    entry.existing = { id: current.id, versionId: current.versionId };
    if (entry.mode === 'create-if-absent') continue;
    const storedLinks = current.link ?? [];
    const newLinks = (entry.resource.link as Link[] | undefined) ?? [];
    const links = [...storedLinks];
    for (const l of newLinks) if (!links.some((x) => linkKey(x) === linkKey(l))) links.push(l);
    if (entry.mode === 'upsert') {
      const mergedAway = links.some((l) => l.type === 'replaced-by');
      entry.resource = {
        ...entry.resource,
        ...(links.length > 0 && { link: links }),
        ...(mergedAway && { active: false }),
      };
    } else {
      const { meta, ...content } = current.stored!;
      const { versionId: _v, lastUpdated: _l, ...keptMeta } = meta as Json;
      const source = entry.resource.meta?.source;
      entry.resource = {
        ...content,
        meta: { ...keptMeta, source },
        ...(links.length > 0 && { link: links }),
        ...(entry.mode === 'retire' && { active: false }),
      };
    }
  }
  return fromMemory;
}

/** Where memory may stand in for a search: upserts (version-locked) and fresh create-if-absent records. */
function remembered(entry: PlannedEntry, memory: WriteMemory | undefined): WrittenRecord | undefined {
  const last = memory?.records.get(entryKey(entry));
  if (!memory || !last) return undefined;
  if (entry.mode === 'upsert') return last;
  if (entry.mode === 'create-if-absent' && memory.now() - last.at < memory.sharedMs) return last;
  return undefined;
}

/**
 * After the transaction has committed: remembers where each record the message wrote or found now
 * stands (from the transaction-response entries, in the order of the message's Bundle). Merged patients
 * are forgotten: the next message must read their stored content.
 */
export function rememberWritten(
  builder: TransactionBuilder,
  responses: readonly { response?: { location?: string } }[],
  memory: WriteMemory,
): void {
  const at = memory.now();
  builder.written().forEach((entry, i) => {
    const key = entryKey(entry);
    const location = /^[A-Za-z]+\/([^/]+)\/_history\/([^/]+)$/.exec(responses[i]?.response?.location ?? '');
    if (entry.mode === 'amend' || entry.mode === 'retire' || !location) {
      memory.records.delete(key);
      return;
    }
    const link = entry.resourceType === 'Patient' ? (entry.resource.link as Link[] | undefined) : undefined;
    memory.records.set(key, { id: location[1]!, versionId: location[2]!, at, ...(link && { link }) });
  });
}

/** Forgets what was remembered of a message's records (before mapping it again after a failure). */
export function forgetRecords(builder: TransactionBuilder, memory: WriteMemory): void {
  for (const e of builder.entries()) memory.records.delete(entryKey(e));
}

/**
 * The one stored patient each entry's key identifies (none when there is none or several: several are
 * left to the transaction, whose conditional write then fails with a clear 412). Several entries are
 * looked up in one search; when its answer cannot be split by key for certain, each is looked up alone.
 */
async function findEach(
  service: Pick<FhirService, 'handle'>,
  entries: PlannedEntry[],
): Promise<Map<PlannedEntry, Stored>> {
  const out = new Map<PlannedEntry, Stored>();
  if (entries.length === 0) return out;
  if (entries.length === 1) {
    const only = await search(service, identifierQuery(entries[0]!.key), 2);
    if (only.length === 1) out.set(entries[0]!, only[0]!);
    return out;
  }
  const values = entries.map((e) => `${escapeSearchValue(e.key.system)}|${escapeSearchValue(e.key.value)}`);
  const count = 2 * entries.length;
  const all = await search(service, `identifier=${encodeURIComponent(values.join(','))}`, count);
  const byEntry = entries.map((e) => all.filter((p) => hasIdentifier(p, e.key)));
  const attributed = new Set(byEntry.flat());
  // A full page may hide matches; a match with no exact identifier means search matched more loosely.
  if (all.length >= count || all.some((p) => !attributed.has(p))) {
    for (const e of entries) {
      const own = await search(service, identifierQuery(e.key), 2);
      if (own.length === 1) out.set(e, own[0]!);
    }
    return out;
  }
  entries.forEach((e, i) => {
    if (byEntry[i]!.length === 1) out.set(e, byEntry[i]![0]!);
  });
  return out;
}

async function search(service: Pick<FhirService, 'handle'>, query: string, count: number): Promise<Stored[]> {
  const response = await service.handle({ method: 'GET', url: `Patient?${query}&_count=${count}` });
  const bundle = JSON.parse(response.body ?? '{}') as Bundle;
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Stored => r?.resourceType === 'Patient');
}

function hasIdentifier(patient: Stored, key: KeyIdentifier): boolean {
  const ids = (patient.identifier as { system?: string; value?: string }[] | undefined) ?? [];
  return ids.some((i) => i.system === key.system && i.value === key.value);
}
