/**
 * The SQL-on-FHIR v2 ViewDefinition as it arrives (JSON), and the checked form the runners use.
 * https://build.fhir.org/ig/FHIR/sql-on-fhir-v2/StructureDefinition-ViewDefinition.html
 */
import type { FpNode } from './fhirpath-ast.js';

export interface ViewColumnJson {
  name: string;
  path: string;
  type?: string;
  collection?: boolean;
  description?: string;
  tag?: { name: string; value: string }[];
}

export interface ViewSelectJson {
  column?: ViewColumnJson[];
  select?: ViewSelectJson[];
  forEach?: string;
  forEachOrNull?: string;
  repeat?: string[];
  unionAll?: ViewSelectJson[];
}

export interface ViewDefinition {
  resourceType?: string;
  url?: string;
  name?: string;
  title?: string;
  status?: string;
  resource: string;
  fhirVersion?: string[];
  constant?: ({ name: string } & Record<string, unknown>)[];
  select: ViewSelectJson[];
  where?: { path: string; description?: string }[];
}

/** A column of the output table, in output order. `type` is the FHIR type the view declares. */
export interface ViewColumnInfo {
  name: string;
  type?: string;
  collection: boolean;
}

/** A FHIRPath expression of the view: its text, its parsed form and where it sits in the view. */
export interface ViewExpression {
  text: string;
  ast: FpNode;
  /** Location inside the ViewDefinition, e.g. `ViewDefinition.select[0].column[1].path`. */
  at: string;
}

export interface CheckedColumn extends ViewColumnInfo {
  path: ViewExpression;
}

export type Iteration =
  { kind: 'forEach' | 'forEachOrNull'; path: ViewExpression } | { kind: 'repeat'; paths: ViewExpression[] };

export interface CheckedSelect {
  at: string;
  iteration?: Iteration;
  column: CheckedColumn[];
  select: CheckedSelect[];
  unionAll: CheckedSelect[];
  /** Every column this select contributes, in output order (own, nested selects, then unionAll). */
  outputColumns: ViewColumnInfo[];
}

/** The FHIR type of a constant (from its `value[x]` key) and its JSON value. */
export interface ViewConstant {
  name: string;
  fhirType: string;
  value: string | number | boolean;
}

/** A ViewDefinition that passed validation; every expression is already parsed. */
export interface CheckedView {
  resource: string;
  constants: Map<string, ViewConstant>;
  where: ViewExpression[];
  /** The view's top-level selects, joined like the selects nested in one select. */
  root: CheckedSelect;
  columns: ViewColumnInfo[];
}
