import type { FhirResource } from '../fhir/index.js';
import type { SearchRequest } from '../fhir/search-request/index.js';
import type { SearchResult } from './search/run-search.js';
import type { SqlExecutor } from './sql-driver.js';
import type { AccessRule } from './access-rule.js';

/** One version of a resource as stored. `content` is the JSON served to clients (absent when deleted). */
export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  /** ISO 8601 instant with milliseconds, the same value as `meta.lastUpdated`. */
  lastUpdated: string;
  deleted: boolean;
  content?: string;
  /** The patient whose record holds it (its own id when in none): what access rules look at. */
  patientKey?: string;
}

export type WriteRequest =
  | { op: 'create'; resource: FhirResource & { id: string } }
  /** Update, or create with the client's id when the resource does not exist yet. */
  | { op: 'update'; resource: FhirResource & { id: string }; ifMatch?: number }
  | { op: 'delete'; resourceType: string; id: string; ifMatch?: number };

/** Where the writes came from; the stores themselves ignore it. */
export interface WriteOptions {
  /**
   * For each request, the Bundle entry it came from: the secured store audits a transaction shared by
   * several senders (the HL7 v2 feed's group commit) sender by sender.
   */
  entries?: readonly (number | undefined)[];
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'already-deleted' | 'not-found';

export interface WriteResult {
  resourceType: string;
  id: string;
  outcome: WriteOutcome;
  /** The version now current (for `not-found`, 0). */
  versionId: number;
  lastUpdated: string;
  /** The stored JSON after the write (absent for deletes). */
  content?: string;
  /** The patient whose record holds it (its own id when in none); absent for `not-found`. */
  patientKey?: string;
}

export interface ReadOptions {
  /** Only rows visible under this rule (absent: every row). */
  access?: AccessRule;
}

export interface HistoryQuery {
  /** Only versions visible under this rule (absent: every version). */
  access?: AccessRule;
  resourceType?: string;
  id?: string;
  /** Only versions updated at or after this instant. */
  since?: string;
  /** Only versions updated at or before this instant (`_at` style upper bound). */
  before?: string;
  count: number;
  /** Opaque paging cursor from a previous page. */
  cursor?: string;
}

export interface HistoryPage {
  versions: StoredVersion[];
  /** Set when there are more versions: pass it back as `cursor`. */
  nextCursor?: string;
  total: number;
}

/**
 * The versioned FHIR resource store. Every method is atomic; `transaction` runs several calls in one
 * database transaction (a FHIR transaction bundle), and calls on the store it hands over join it.
 */
export interface ResourceStore {
  read(resourceType: string, id: string, options?: ReadOptions): Promise<StoredVersion | undefined>;
  vread(
    resourceType: string,
    id: string,
    versionId: number,
    options?: ReadOptions,
  ): Promise<StoredVersion | undefined>;
  history(query: HistoryQuery): Promise<HistoryPage>;
  /** Runs a parsed search (filters, sort, keyset paging, total, includes) over current versions. */
  search(request: SearchRequest, options?: ReadOptions): Promise<SearchResult>;
  /** Applies the writes all-or-nothing; a resource may appear at most once in one call. */
  write(requests: WriteRequest[], options?: WriteOptions): Promise<WriteResult[]>;
  transaction<T>(fn: (store: ResourceStore) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on the store's SQL executor: inside the transaction when this store belongs to one, so
   * that records kept beside resources (the audit trail, grants) commit or roll back with them.
   */
  withExecutor<T>(fn: (exec: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
