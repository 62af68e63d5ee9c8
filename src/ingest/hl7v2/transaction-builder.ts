import type { Bundle, FhirResource } from '../../fhir/index.js';
import { rewriteReferences } from '../../rest/references.js';

/**
 * How an entry is written:
 * - `upsert`: `PUT Type?identifier=…` — the message is the source of truth for this record, so a
 *   re-sent or updated message replaces it (a new version) instead of adding a duplicate.
 * - `create-if-absent`: `POST` with `If-None-Exist: identifier=…` — shared or secondary records
 *   (practitioners, the sending organisation, a patient seen only in a result) are made once and never
 *   overwritten by thinner copies from other messages.
 * - `amend` / `retire`: patients in a merge; the pipeline reads the current record first and keeps it
 *   (see existing-records.ts), and only writes from the message when there is none.
 * Once the pipeline knows the stored record (`existing`), an upsert or merge writes `Type/id` locked to
 * that version, and a create-if-absent is not written at all: references to it name `Type/id`.
 */
export type WriteMode = 'upsert' | 'create-if-absent' | 'amend' | 'retire';

export interface KeyIdentifier {
  system: string;
  value: string;
}

export interface PlannedEntry {
  fullUrl: string;
  resourceType: string;
  key: KeyIdentifier;
  mode: WriteMode;
  resource: FhirResource;
  /** Set by the existing-record step: write `Type/id` (with its version) instead of the conditional. */
  existing?: { id: string; versionId: string };
}

export interface TransactionBuilder {
  /** Adds a record keyed on one of its identifiers and returns its `urn:uuid` for references. */
  add(resourceType: string, key: KeyIdentifier, resource: FhirResource, mode: WriteMode): string;
  /** Changes an added record in place (to link two records that each need the other's urn). */
  update(fullUrl: string, change: (resource: FhirResource) => FhirResource): void;
  /** A record written under a fixed id (the message's Provenance). */
  addWithId(resource: FhirResource & { id: string }): string;
  entries(): PlannedEntry[];
  /** `Type/id` of every record written under a fixed id. */
  fixedUrls(): string[];
  /** The entries `toBundle` writes, in its order (a known create-if-absent record is only referenced). */
  written(): PlannedEntry[];
  toBundle(): Bundle;
}

/**
 * A FHIR search value with the characters that have a meaning in search (`\ , | $`) escaped, as
 * `identifier=system|value` needs when either part contains them.
 */
export function escapeSearchValue(value: string): string {
  return value.replace(/[\\,|$]/g, (c) => `\\${c}`);
}

/** `identifier=system|value`, escaped for search and percent-encoded for the query string. */
export function identifierQuery(key: KeyIdentifier): string {
  return `identifier=${encodeURIComponent(`${escapeSearchValue(key.system)}|${escapeSearchValue(key.value)}`)}`;
}

/**
 * Collects the resources of one message as transaction entries. A record met twice in one message
 * (the same practitioner in two fields) becomes one entry: two conditional creates of the same key in
 * one transaction would both find nothing and make two copies.
 */
export function createTransactionBuilder(source: string): TransactionBuilder {
  const byKey = new Map<string, PlannedEntry>();
  const fixed: { fullUrl: string; resource: FhirResource & { id: string } }[] = [];
  const withSource = <T extends FhirResource>(r: T): T => ({ ...r, meta: { ...r.meta, source } });

  return {
    add(resourceType, key, resource, mode) {
      const k = `${resourceType}|${key.system}|${key.value}`;
      const found = byKey.get(k);
      const next = withSource({ ...resource, identifier: withKey(resource.identifier, key) });
      if (found) {
        // The message's own record wins over a passing mention; between mentions, the fuller one.
        const replace =
          (found.mode === 'create-if-absent' && mode !== 'create-if-absent') ||
          (found.mode === mode && JSON.stringify(next).length > JSON.stringify(found.resource).length);
        if (replace) {
          found.resource = next;
          found.mode = mode;
        }
        return found.fullUrl;
      }
      const entry: PlannedEntry = { fullUrl: newUrn(), resourceType, key, mode, resource: next };
      byKey.set(k, entry);
      return entry.fullUrl;
    },
    update(fullUrl, change) {
      for (const entry of byKey.values()) {
        if (entry.fullUrl === fullUrl) entry.resource = change(entry.resource);
      }
    },
    addWithId(resource) {
      const fullUrl = newUrn();
      fixed.push({ fullUrl, resource: withSource(resource) });
      return fullUrl;
    },
    entries: () => [...byKey.values()],
    fixedUrls: () => fixed.map((f) => `${f.resource.resourceType}/${f.resource.id}`),
    written: () => [...byKey.values()].filter((e) => !referencedOnly(e)),
    toBundle() {
      const stored = new Map<string, string>();
      for (const e of byKey.values())
        if (referencedOnly(e)) stored.set(e.fullUrl, `${e.resourceType}/${e.existing!.id}`);
      // In place, without a copy: the Bundle hands the builder's resources to the service, which
      // rewrites their other references in place too, so a builder is not written twice (a message
      // is mapped afresh for each attempt). Rewriting again would change nothing.
      const refer = <T extends FhirResource>(r: T): T => {
        if (stored.size > 0) rewriteReferences(r, (ref) => stored.get(ref));
        return r;
      };
      const entry: NonNullable<Bundle['entry']> = [...byKey.values()]
        .filter((e) => !referencedOnly(e))
        .map((e) => {
          if (e.existing) {
            return {
              fullUrl: e.fullUrl,
              resource: refer({ ...e.resource, id: e.existing.id }),
              request: {
                method: 'PUT',
                url: `${e.resourceType}/${e.existing.id}`,
                ifMatch: `W/"${e.existing.versionId}"`,
              },
            };
          }
          if (e.mode === 'create-if-absent') {
            return {
              fullUrl: e.fullUrl,
              resource: refer(e.resource),
              request: { method: 'POST', url: e.resourceType, ifNoneExist: identifierQuery(e.key) },
            };
          }
          return {
            fullUrl: e.fullUrl,
            resource: refer(e.resource),
            request: { method: 'PUT', url: `${e.resourceType}?${identifierQuery(e.key)}` },
          };
        });
      for (const f of fixed) {
        entry.push({
          fullUrl: f.fullUrl,
          resource: refer(f.resource),
          request: { method: 'PUT', url: `${f.resource.resourceType}/${f.resource.id}` },
        });
      }
      return { resourceType: 'Bundle', type: 'transaction', entry };
    },
  };
}

function referencedOnly(e: PlannedEntry): boolean {
  return e.mode === 'create-if-absent' && e.existing !== undefined;
}

function withKey(current: unknown, key: KeyIdentifier): unknown[] {
  const list = Array.isArray(current) ? [...(current as unknown[])] : [];
  const has = list.some((i) => {
    const id = i as { system?: unknown; value?: unknown };
    return id.system === key.system && id.value === key.value;
  });
  return has ? list : [{ system: key.system, value: key.value }, ...list];
}

function newUrn(): string {
  return `urn:uuid:${globalThis.crypto.randomUUID()}`;
}
