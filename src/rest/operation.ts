import type { FhirResource } from '../fhir/index.js';
import type { ParamLookup } from '../fhir/search-request/index.js';
import type { Principal } from '../auth/principal.js';
import type { ResourceStore } from '../store/index.js';
import type { FhirRequest, FhirResponse } from './fhir-request.js';

/** What an operation is given: the store, the search vocabulary and the service itself. */
export interface OperationContext {
  store: ResourceStore;
  /** The FHIR base URL of this request. */
  base: string;
  lookup: ParamLookup;
  /** Who is asking; the store handed over already enforces what they may see. */
  principal: Principal;
  /**
   * The store without the caller's access limits, for operations that enforce rules of their own
   * (booking marks a Slot busy for a patient who may not write Slots). Writes are still audited as
   * the caller. Use sparingly: what it returns must not reach the caller unchecked.
   */
  elevated: ResourceStore;
  /** The whole service, for operations built from other interactions (as the same principal). */
  handle: (request: FhirRequest) => Promise<FhirResponse>;
}

export interface OperationCall {
  level: 'system' | 'type' | 'instance';
  resourceType?: string;
  id?: string;
  /** Query parameters (GET) or, for POST, the query string plus a Parameters body's simple values. */
  params: URLSearchParams;
  /** The POST body, when there is one (usually a Parameters resource). */
  body?: FhirResource;
  request: FhirRequest;
}

/**
 * A FHIR operation (`$name`). One file per operation; the service dispatches by name, level and type,
 * and lists them in the CapabilityStatement.
 */
export interface OperationDefinition {
  name: string;
  /** The levels and, for type/instance levels, resource types it applies to (undefined: any type). */
  levels: ('system' | 'type' | 'instance')[];
  resourceTypes?: string[];
  /** Canonical URL of the OperationDefinition it implements, for the CapabilityStatement. */
  definition: string;
  /** Whether GET is allowed (operations without side effects). */
  affectsState: boolean;
  /** Whether DELETE is accepted (cancelling an asynchronous job). */
  acceptsDelete?: boolean;
  run(ctx: OperationContext, call: OperationCall): Promise<FhirResponse>;
}
