/**
 * The shape of generated/r4-structures.json, written by scripts/definitions/structures.mjs from the
 * official R4 StructureDefinitions. Short keys keep the file small; it is read once per process.
 */

export type JsonKind = 'string' | 'number' | 'boolean';

export interface PrimitiveDefinition {
  /** How the value is written in JSON. */
  json: JsonKind;
  /** integer, positiveInt, unsignedInt: a JSON number without fraction, 32-bit. */
  integer?: boolean;
  /** The definition's regex, translated to JavaScript and anchored. */
  pattern?: string;
  maxLength?: number;
}

export interface ElementRow {
  /** Path below the type, e.g. `contact.name` or `value[x]`. */
  p: string;
  min: number;
  /** `*` or a number as a string. */
  max: string;
  /** Type codes; several for a choice element. Absent for a content reference. */
  t?: string[];
  /** Path (below the type) of the element whose definition this one reuses. */
  ref?: string;
  /** A FHIRPath system type (Element.id, Extension.url): a bare JSON value without `_x` extensions. */
  sys?: boolean;
  /** A BackboneElement (or Element) defined inline by the following rows. */
  bb?: boolean;
  /** Marked isSummary in the definition: part of the `_summary=true` view. */
  s?: boolean;
  /** Canonical URL of the value set of a required binding, present only if it could be expanded. */
  vs?: string;
}

export interface TypeDefinition {
  kind: 'resource' | 'complex-type';
  abstract?: boolean;
  elements: ElementRow[];
}

export interface StructureModel {
  fhirVersion: string;
  primitives: Record<string, PrimitiveDefinition>;
  types: Record<string, TypeDefinition>;
  /** Value set URL → code system URL → codes. */
  valueSets: Record<string, Record<string, string[]>>;
}
