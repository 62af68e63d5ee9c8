import type { FhirResource } from '../resource.js';

export type SearchParamKind =
  'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';

export interface SearchParamComponent {
  /** The code of the search parameter the component is defined by (e.g. `code`, `value-quantity`). */
  code: string;
  type: string;
  /** FHIRPath relative to each element the composite's own expression selects. */
  expression: string;
}

export interface SearchParamInfo {
  code: string;
  type: SearchParamKind;
  url: string;
  /**
   * The official expression reduced to the union members that apply to this resource type, so a
   * parameter shared by many types (`clinical-patient`) reads as if it were defined on this one.
   */
  expression?: string;
  targets: string[];
  components?: SearchParamComponent[];
}

export interface SearchRegistry {
  /**
   * Every search parameter usable on this resource type (the type's own plus those on
   * Resource/DomainResource: _id, _lastUpdated, _tag, _profile, _security, _source, _text, _content).
   * The map is shared: do not modify it.
   */
  paramsFor(resourceType: string): Map<string, SearchParamInfo>;
  param(resourceType: string, code: string): SearchParamInfo | undefined;
  /** Concrete resource types known to the registry. */
  resourceTypes(): string[];
}

export interface TokenRow {
  param: string;
  system: string | null;
  code: string | null;
  display: string | null;
  /** Identifier.type coding, for `:of-type`. */
  typeSystem?: string | null;
  typeCode?: string | null;
}

export interface StringRow {
  param: string;
  value: string;
}

/** The half-open range [low, high) of instants (UTC, ms) a value covers; null is unbounded. */
export interface DateRow {
  param: string;
  low: string | null;
  high: string | null;
}

/** A decimal with its implicit precision range (100 → [99.5, 100.5)). */
export interface NumberRow {
  param: string;
  value: string;
  low: string;
  high: string;
}

export interface QuantityRow extends NumberRow {
  system: string | null;
  code: string | null;
  unit: string | null;
}

export interface ReferenceRow {
  param: string;
  targetType: string | null;
  targetId: string | null;
  targetVersion: string | null;
  url: string | null;
  identifierSystem: string | null;
  identifierValue: string | null;
}

export interface UriRow {
  param: string;
  value: string;
}

export type ComponentValue =
  | { type: 'token'; system: string | null; code: string | null }
  | {
      type: 'quantity';
      value: string;
      low: string;
      high: string;
      system: string | null;
      code: string | null;
      unit: string | null;
    }
  | { type: 'date'; low: string | null; high: string | null }
  | { type: 'string'; value: string }
  | { type: 'number'; value: string; low: string; high: string }
  | { type: 'reference'; targetType: string | null; targetId: string | null }
  | { type: 'uri'; value: string };

export interface CompositeRow {
  param: string;
  /** One value per component, in the SearchParameter's component order. */
  components: ComponentValue[];
}

export interface IndexRows {
  token: TokenRow[];
  string: StringRow[];
  date: DateRow[];
  number: NumberRow[];
  quantity: QuantityRow[];
  reference: ReferenceRow[];
  uri: UriRow[];
  composite: CompositeRow[];
  /** `_text`: the narrative without markup; `_content`: every string value joined by spaces. */
  text: { narrative: string | null; content: string };
}

export interface Extractor {
  extract(resource: FhirResource): IndexRows;
}
