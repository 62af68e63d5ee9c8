import type { Bundle, FhirResource } from '../../fhir/index.js';
import type { FhirService } from '../../rest/index.js';
import { identifierQuery } from './transaction-builder.js';
import type { PlannedEntry, TransactionBuilder } from './transaction-builder.js';

type Json = Record<string, unknown>;
type Stored = FhirResource & { id: string; meta: { versionId: string } };

interface Link {
  other?: { reference?: string };
  type?: string;
}

/**
 * Reads the patients a message writes before the transaction, because a patient's `link`s belong to
 * merges, not to the demographics a later ADT message carries:
 * - `upsert` keeps the stored links (and `active: false` once the record was merged away);
 * - `amend` / `retire` (A40) keep the stored record and only add the merge link (and, for the merged
 *   record, `active: false`); they write from the message only when there is no record yet.
 * Every write of a stored record carries its version (If-Match), so a change in between makes the
 * transaction fail with 412 and the message is mapped again rather than losing that change.
 */
export async function resolveExistingPatients(
  service: Pick<FhirService, 'handle'>,
  builder: TransactionBuilder,
): Promise<void> {
  const patients = builder
    .entries()
    .filter((e) => e.resourceType === 'Patient' && e.mode !== 'create-if-absent');
  const found = new Map<PlannedEntry, Stored>();
  for (const entry of patients) {
    const stored = await findOne(service, entry);
    if (stored) found.set(entry, stored);
  }
  // A urn of this message stands for the stored record it resolves to, so links compare equal.
  const resolved = new Map<string, string>();
  for (const [entry, stored] of found) resolved.set(entry.fullUrl, `Patient/${stored.id}`);
  const linkKey = (l: Link) => `${l.type}|${resolved.get(l.other?.reference ?? '') ?? l.other?.reference}`;

  for (const [entry, stored] of found) {
    const storedLinks = (stored.link as Link[] | undefined) ?? [];
    const newLinks = (entry.resource.link as Link[] | undefined) ?? [];
    const links = [...storedLinks];
    for (const l of newLinks) if (!links.some((x) => linkKey(x) === linkKey(l))) links.push(l);
    const { meta, ...content } = stored;
    const { versionId: _v, lastUpdated: _l, ...keptMeta } = meta as Json;
    const source = entry.resource.meta?.source;
    if (entry.mode === 'upsert') {
      const mergedAway = links.some((l) => l.type === 'replaced-by');
      entry.resource = {
        ...entry.resource,
        ...(links.length > 0 && { link: links }),
        ...(mergedAway && { active: false }),
      };
    } else {
      entry.resource = {
        ...content,
        meta: { ...keptMeta, source },
        ...(links.length > 0 && { link: links }),
        ...(entry.mode === 'retire' && { active: false }),
      };
    }
    entry.existing = { id: stored.id, versionId: meta.versionId };
  }
}

async function findOne(
  service: Pick<FhirService, 'handle'>,
  entry: PlannedEntry,
): Promise<Stored | undefined> {
  const response = await service.handle({
    method: 'GET',
    url: `Patient?${identifierQuery(entry.key)}&_count=2`,
  });
  const bundle = JSON.parse(response.body ?? '{}') as Bundle;
  const matches = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === 'Patient');
  // Several matches: left to the transaction, whose conditional write then fails with a clear 412.
  return matches.length === 1 ? (matches[0] as Stored) : undefined;
}
