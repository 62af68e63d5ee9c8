/**
 * The column rules of a pseudonymised extract, checked and compiled once into per-column transforms.
 * A spec that cannot be applied safely is refused before any row is read.
 */
import {
  ageBand,
  generaliseByMap,
  generaliseDate,
  parseReferenceDate,
  postcodeArea,
  postcodeDistrict,
  resolveAgeBands,
} from './generalise.js';
import { resolveK } from './k-anonymity.js';
import type { Pseudonymiser } from './pseudonym.js';
import { privacyErrors } from './privacy-errors.js';

export type SimpleColumnRule =
  | 'pseudonymise'
  | 'generalise-date-month'
  | 'generalise-date-year'
  | 'age-band'
  | 'postcode-district'
  | 'postcode-area'
  | 'keep'
  | 'drop';

/** A rule with options. `as` renames the output column (a birth date that became an age band, say). */
export type ColumnRuleObject =
  | { rule: Exclude<SimpleColumnRule, 'drop' | 'age-band'>; as?: string }
  | { rule: 'age-band'; as?: string; width?: number; topCode?: number }
  | {
      rule: 'map';
      /** Code → generalised value, e.g. ETHNIC_CATEGORY_BROAD_GROUPS. */
      values: Readonly<Record<string, string>>;
      /** What codes outside the table become; null by default. */
      otherwise?: string | null;
      as?: string;
    };

export type ColumnRule = SimpleColumnRule | ColumnRuleObject;

export interface ExtractSpec {
  /** Every input column and what happens to it, in output order. */
  columns: Readonly<Record<string, ColumnRule>>;
  /** The input column naming the person (NHS number or patient id): opt-outs and k count by it. */
  personIdColumn: string;
  /** Output column names that together could identify someone (age band, sex, district, …). */
  quasiIdentifiers: readonly string[];
  /** Minimum people per quasi-identifier combination; default 5. */
  k?: number;
  /**
   * What to do when some combinations have fewer than k people: `withhold` the whole extract (default)
   * or `suppress` the rows in those combinations and release the rest.
   */
  onKFailure?: 'withhold' | 'suppress';
  /** Full date at which ages are measured; required when any column has the `age-band` rule. */
  referenceDate?: string;
  /**
   * Input columns the spec does not mention: an `error` (default), so that a column added to a view
   * later is a decision rather than a leak, or silently `drop`ped.
   */
  undeclaredColumns?: 'error' | 'drop';
}

export interface CompiledColumn {
  source: string;
  output: string;
  rule: SimpleColumnRule | 'map';
  apply: (value: unknown) => unknown;
}

export interface CompiledSpec {
  columns: CompiledColumn[];
  declared: ReadonlySet<string>;
  personIdColumn: string;
  quasiIdentifiers: string[];
  k: number;
  onKFailure: 'withhold' | 'suppress';
  undeclaredColumns: 'error' | 'drop';
}

const SIMPLE_RULES: ReadonlySet<string> = new Set<SimpleColumnRule>([
  'pseudonymise',
  'generalise-date-month',
  'generalise-date-year',
  'age-band',
  'postcode-district',
  'postcode-area',
  'keep',
  'drop',
]);

function asObject(rule: ColumnRule): ColumnRuleObject | { rule: 'drop' } {
  return typeof rule === 'string' ? ({ rule } as ColumnRuleObject | { rule: 'drop' }) : rule;
}

function pseudonymOf(p: Pseudonymiser): (value: unknown) => unknown {
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return p.pseudonymise(String(value));
    if (typeof value === 'string' && value.trim() !== '') return p.pseudonymise(value);
    // An empty or structured value has no meaningful pseudonym; withholding it is the safe reading.
    return null;
  };
}

function transformFor(
  column: string,
  r: ColumnRuleObject,
  spec: ExtractSpec,
  pseudonymiser: Pseudonymiser,
): (value: unknown) => unknown {
  switch (r.rule) {
    case 'pseudonymise':
      return pseudonymOf(pseudonymiser);
    case 'generalise-date-month':
      return (v) => generaliseDate(v, 'month');
    case 'generalise-date-year':
      return (v) => generaliseDate(v, 'year');
    case 'age-band': {
      if (spec.referenceDate === undefined) {
        throw privacyErrors.invalid(`Column ${column} is age-banded, so the spec needs a referenceDate.`);
      }
      parseReferenceDate(spec.referenceDate);
      const bands = resolveAgeBands({ width: r.width, topCode: r.topCode });
      const at = spec.referenceDate;
      return (v) => ageBand(v, at, bands);
    }
    case 'postcode-district':
      return postcodeDistrict;
    case 'postcode-area':
      return postcodeArea;
    case 'keep':
      return (v) => v ?? null;
    case 'map': {
      if (typeof r.values !== 'object' || r.values === null) {
        throw privacyErrors.invalid(`Column ${column} has the map rule but no table of values.`);
      }
      const table = r.values;
      const otherwise = r.otherwise ?? null;
      return (v) => generaliseByMap(v, table, otherwise);
    }
  }
}

export function compileSpec(spec: ExtractSpec, pseudonymiser: Pseudonymiser): CompiledSpec {
  if (
    typeof spec !== 'object' ||
    spec === null ||
    typeof spec.columns !== 'object' ||
    spec.columns === null
  ) {
    throw privacyErrors.invalid('An extract spec needs a columns object.');
  }
  const k = resolveK(spec.k);
  const onKFailure = spec.onKFailure ?? 'withhold';
  if (onKFailure !== 'withhold' && onKFailure !== 'suppress') {
    throw privacyErrors.invalid('onKFailure must be "withhold" or "suppress".');
  }
  const undeclaredColumns = spec.undeclaredColumns ?? 'error';
  if (undeclaredColumns !== 'error' && undeclaredColumns !== 'drop') {
    throw privacyErrors.invalid('undeclaredColumns must be "error" or "drop".');
  }

  const columns: CompiledColumn[] = [];
  const outputs = new Map<string, CompiledColumn>();
  for (const [source, rule] of Object.entries(spec.columns)) {
    const r = asObject(rule);
    if (r.rule !== 'map' && !SIMPLE_RULES.has(r.rule)) {
      throw privacyErrors.invalid(`Column ${source} has an unknown rule.`);
    }
    if (r.rule === 'drop') continue;
    const output = r.as ?? source;
    if (typeof output !== 'string' || output === '') {
      throw privacyErrors.invalid(`Column ${source} is renamed to an empty name.`);
    }
    if (outputs.has(output)) throw privacyErrors.invalid(`Two columns would both be output as ${output}.`);
    const compiled = { source, output, rule: r.rule, apply: transformFor(source, r, spec, pseudonymiser) };
    columns.push(compiled);
    outputs.set(output, compiled);
  }

  const personIdColumn = spec.personIdColumn;
  const personRule = Object.hasOwn(spec.columns, personIdColumn)
    ? asObject(spec.columns[personIdColumn] as ColumnRule).rule
    : undefined;
  if (personRule === undefined) {
    throw privacyErrors.invalid('personIdColumn must name a column listed in the spec.');
  }
  // The analyst does not get to choose to ship the identifier itself: the door pseudonymises it or drops it.
  if (personRule !== 'pseudonymise' && personRule !== 'drop') {
    throw privacyErrors.invalid(`The person id column ${personIdColumn} must be pseudonymised or dropped.`);
  }

  const quasiIdentifiers = [...(spec.quasiIdentifiers ?? [])];
  if (new Set(quasiIdentifiers).size !== quasiIdentifiers.length) {
    throw privacyErrors.invalid('Quasi-identifier columns are listed twice.');
  }
  for (const qi of quasiIdentifiers) {
    const column = outputs.get(qi);
    if (column === undefined) throw privacyErrors.invalid(`Quasi-identifier ${qi} is not an output column.`);
    // A per-person pseudonym puts everyone in a class of one: the check could never pass.
    if (column.source === personIdColumn) {
      throw privacyErrors.invalid('The person pseudonym cannot be a quasi-identifier.');
    }
  }

  return {
    columns,
    declared: new Set(Object.keys(spec.columns)),
    personIdColumn,
    quasiIdentifiers,
    k,
    onKFailure,
    undeclaredColumns,
  };
}
