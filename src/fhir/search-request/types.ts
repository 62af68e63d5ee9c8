/** A FHIR search, parsed and checked, ready to be compiled to SQL. Pure data. */

export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

export type ParamType =
  'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';

/** What the parser needs to know of a search parameter (the registry provides it). */
export interface ParamDefinition {
  code: string;
  type: ParamType;
  /** Resource types a reference parameter may point to. */
  targets: string[];
  components?: { code: string; type: string }[];
}

export interface ParamLookup {
  param(resourceType: string, code: string): ParamDefinition | undefined;
  isResourceType(type: string): boolean;
}

export interface TokenValue {
  /** undefined: any system; null: no system (`|code`). */
  system?: string | null;
  code?: string;
}

export interface RangeValue {
  prefix: Prefix;
  /** The value as written (decimal text or ISO instant of the start). */
  value: string;
  /** The half-open range [low, high) that the value's precision covers. */
  low: string;
  high: string;
}

export interface QuantityValue extends RangeValue {
  system?: string | null;
  code?: string;
}

export interface ReferenceValue {
  targetType?: string;
  id?: string;
  version?: string;
  /** An absolute or canonical URL. */
  url?: string;
}

export type ComponentValue =
  | { type: 'token'; token: TokenValue }
  | { type: 'string'; value: string }
  | { type: 'date'; range: RangeValue }
  | { type: 'number'; range: RangeValue }
  | { type: 'quantity'; quantity: QuantityValue }
  | { type: 'reference'; reference: ReferenceValue }
  | { type: 'uri'; value: string };

/** One condition on an index table; `values` are alternatives (OR). */
export type IndexCondition =
  | {
      type: 'token';
      mode: 'match' | 'not' | 'text' | 'of-type';
      values: TokenValue[];
      ofType?: { system: string; code: string; value: string }[];
      text?: string[];
    }
  | { type: 'string'; mode: 'starts' | 'exact' | 'contains'; values: string[] }
  | { type: 'date'; values: RangeValue[] }
  | { type: 'number'; values: RangeValue[] }
  | { type: 'quantity'; values: QuantityValue[] }
  | { type: 'reference'; mode: 'match' | 'identifier'; values: ReferenceValue[]; identifiers?: TokenValue[] }
  | { type: 'uri'; mode: 'exact' | 'below' | 'above'; values: string[] }
  | { type: 'composite'; values: ComponentValue[][] };

export type Filter =
  | { kind: 'id'; values: string[]; negate?: boolean }
  | { kind: 'last-updated'; values: RangeValue[] }
  | { kind: 'index'; param: string; condition: IndexCondition }
  | { kind: 'missing'; param: string; paramType: ParamType; missing: boolean }
  /** `subject:Patient.name=x`: a reference whose target matches `filter`. */
  | { kind: 'chain'; param: string; targetTypes: string[]; filter: Filter }
  /** `_has:Observation:patient:code=x`: some `sourceType` refers here through `param` and matches `filter`. */
  | { kind: 'has'; sourceType: string; param: string; filter: Filter }
  | { kind: 'text'; field: 'narrative' | 'content'; values: string[] }
  | { kind: 'list'; listIds: string[] }
  /** Resources in the compartment of `ownerType/ownerId` through any of `params`. */
  | { kind: 'compartment'; ownerType: string; ownerId: string; params: string[]; includeOwner: boolean }
  /** Token `:in` / `:not-in` before the value set is expanded (the service resolves it). */
  | { kind: 'value-set'; param: string; url: string; negate: boolean };

export interface SortKey {
  /** `_id`, `_lastUpdated`, or a search parameter code. */
  param: string;
  paramType?: ParamType;
  descending: boolean;
}

export interface Include {
  /** The type whose reference is followed (`*` for any). */
  sourceType: string;
  /** Reference parameter, or `*` for all. */
  param: string;
  targetType?: string;
  iterate: boolean;
  reverse: boolean;
}

export type Summary = 'true' | 'false' | 'text' | 'data' | 'count';
/**
 * `auto` (the default when `_total` is absent): a total only when it costs nothing, that is when the
 * first page holds every match. Counting thousands of matches is most of the cost of a search.
 */
export type TotalMode = 'none' | 'estimate' | 'accurate' | 'auto';

export interface SearchRequest {
  /** One or more types (system search with `_type`). */
  resourceTypes: string[];
  /** AND of filters. */
  filters: Filter[];
  sort: SortKey[];
  count: number;
  /** Keyset paging cursor from a previous page. */
  cursor?: string;
  total: TotalMode;
  summary: Summary;
  elements?: string[];
  includes: Include[];
  /** The parameters applied, in order, for the `self` link. */
  applied: [string, string][];
  /** Parameters ignored under lenient handling. */
  ignored: string[];
}
