import type { FhirResource } from '../fhir/index.js';

/** `Prefer: return=…` — what a write answers with. */
export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

/**
 * One FHIR RESTful interaction, independent of HTTP: what a request or a Bundle entry asks for.
 * `url` is relative to the FHIR base, e.g. `Patient/123`, `Patient?identifier=x`, `Patient/123/_history/2`.
 */
export interface FhirRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /**
   * The parsed body. The service takes ownership of it and may change it (references are rewritten in
   * place, to spare a copy of every resource of a bulk load): pass a fresh object.
   */
  body?: FhirResource | JsonPatchOperation[];
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifNoneExist?: string;
  prefer?: { return?: ReturnPreference; handling?: 'strict' | 'lenient'; respondAsync?: boolean };
  /**
   * A transaction Bundle made of several senders' Bundles side by side (the HL7 v2 feed's group
   * commit): how many entries each has, in order. Each is audited as an interaction of its own. Set
   * only by Heartwood's own callers; never read from HTTP.
   */
  auditParts?: readonly number[];
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** The outcome of one interaction, ready to become an HTTP response or a Bundle entry response. */
export interface FhirResponse {
  status: number;
  /** JSON text of the resource (or Bundle / OperationOutcome) to send, when there is a body. */
  body?: string;
  location?: string;
  /** Extra response headers (names are Heartwood's own, never echoed from input). */
  headers?: Record<string, string>;
  /** A media type other than FHIR JSON (e.g. `text/csv` from `ViewDefinition/$run`). */
  contentType?: string;
  /** The version, for `ETag: W/"n"`. */
  versionId?: number;
  lastModified?: string;
}
