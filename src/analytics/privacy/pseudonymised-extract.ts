/**
 * The pseudonymised extract: the only door through which row-level data leaves for a project. The order
 * is fixed and is the point of this file:
 *
 *   1. people with the national data opt-out are removed, before anything else sees their rows;
 *   2. each column is pseudonymised, generalised, kept or dropped as the spec says;
 *   3. the quasi-identifier columns are checked for k-anonymity, and the extract is withheld, or the
 *      rows in too-small classes are suppressed.
 *
 * The report carries counts only, never a value from a row.
 */
import { checkKAnonymity } from './k-anonymity.js';
import type { EquivalenceClassSize } from './k-anonymity.js';
import { compileSpec } from './extract-spec.js';
import type { CompiledSpec, ExtractSpec, SimpleColumnRule } from './extract-spec.js';
import type { Pseudonymiser } from './pseudonym.js';
import { privacyErrors } from './privacy-errors.js';

export type ExtractRow = Record<string, unknown>;

export interface ExtractContext {
  /** The project's pseudonymiser (see createPseudonymiser). */
  pseudonymiser: Pseudonymiser;
  /**
   * True when the person has registered a national data opt-out. Only an explicit `false` keeps a row:
   * any other answer from the consent store is read as an opt-out, so a fault never releases data.
   */
  optedOut: (personId: string) => boolean;
}

export interface ExtractReport {
  rowsIn: number;
  removedForOptOut: { rows: number; people: number };
  /** Rows without a person id: their opt-out cannot be checked, so they are never released. */
  removedForMissingPersonId: number;
  k: number;
  quasiIdentifiers: string[];
  equivalenceClasses: number;
  /** Classes with fewer than k people, as sizes only, smallest first. */
  offendingClasses: EquivalenceClassSize[];
  suppressedForK: { rows: number; classes: number };
  rowsOut: number;
  decision: 'released' | 'released-with-suppression' | 'withheld';
  columns: { source: string; output: string; rule: SimpleColumnRule | 'map' }[];
}

export interface Extract {
  /** Empty when not released, so that a caller who forgets to look at `released` still leaks nothing. */
  rows: ExtractRow[];
  removedForOptOut: number;
  suppressedForK: number;
  k: number;
  released: boolean;
  report: ExtractReport;
}

interface KeptRow {
  row: Readonly<Record<string, unknown>>;
  person: string;
}

function personIdOf(row: Readonly<Record<string, unknown>>, column: string): string | null {
  const v = row[column];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

interface OptOutFilter {
  kept: KeptRow[];
  rowsIn: number;
  optedOutRows: number;
  optedOutPeople: number;
  missingPerson: number;
}

/** Step 1: asks the consent store once per person, and drops opted-out and unattributable rows. */
function removeOptedOut(
  rows: Iterable<Readonly<Record<string, unknown>>>,
  spec: CompiledSpec,
  ctx: ExtractContext,
): OptOutFilter {
  const answers = new Map<string, boolean>();
  const out: OptOutFilter = { kept: [], rowsIn: 0, optedOutRows: 0, optedOutPeople: 0, missingPerson: 0 };
  for (const row of rows) {
    out.rowsIn++;
    const person = personIdOf(row, spec.personIdColumn);
    if (person === null) {
      out.missingPerson++;
      continue;
    }
    let stays = answers.get(person);
    if (stays === undefined) {
      stays = ctx.optedOut(person) === false;
      answers.set(person, stays);
      if (!stays) out.optedOutPeople++;
    }
    if (stays) out.kept.push({ row, person });
    else out.optedOutRows++;
  }
  return out;
}

/** Step 2: the column rules. */
function transform(row: Readonly<Record<string, unknown>>, spec: CompiledSpec): ExtractRow {
  if (spec.undeclaredColumns === 'error') {
    for (const name of Object.keys(row)) {
      if (!spec.declared.has(name)) {
        throw privacyErrors.invalid(
          `Column ${name} is not in the extract spec: keep, generalise or drop it.`,
        );
      }
    }
  }
  const out: ExtractRow = {};
  for (const c of spec.columns) out[c.output] = c.apply(row[c.source]);
  return out;
}

/**
 * Builds a pseudonymised extract from flat rows (e.g. a SQL-on-FHIR view's output). Nothing is released
 * unless every combination of the quasi-identifier values is shared by at least k people.
 */
export function buildExtract(
  rows: Iterable<Readonly<Record<string, unknown>>>,
  spec: ExtractSpec,
  context: ExtractContext,
): Extract {
  if (typeof context?.optedOut !== 'function') {
    throw privacyErrors.invalid('buildExtract needs an optedOut function: opt-outs are never skipped.');
  }
  if (typeof context.pseudonymiser?.pseudonymise !== 'function') {
    throw privacyErrors.invalid('buildExtract needs the project pseudonymiser.');
  }
  const compiled = compileSpec(spec, context.pseudonymiser);

  const filtered = removeOptedOut(rows, compiled, context);
  const transformed = filtered.kept.map((r) => transform(r.row, compiled));
  const check = checkKAnonymity(transformed, {
    quasiIdentifiers: compiled.quasiIdentifiers,
    k: compiled.k,
    personOf: (_row, i) => filtered.kept[i]?.person ?? `#${i}`,
  });

  let released = check.satisfied;
  let outRows = transformed;
  let suppressedRows = 0;
  let suppressedClasses = 0;
  if (!check.satisfied && compiled.onKFailure === 'suppress') {
    // Dropping a whole class leaves every other class as it was, so what remains is k-anonymous.
    const drop = new Set(check.offendingRows);
    outRows = transformed.filter((_row, i) => !drop.has(i));
    suppressedRows = drop.size;
    suppressedClasses = check.offending.length;
    released = true;
  }
  if (!released) outRows = [];

  const report: ExtractReport = {
    rowsIn: filtered.rowsIn,
    removedForOptOut: { rows: filtered.optedOutRows, people: filtered.optedOutPeople },
    removedForMissingPersonId: filtered.missingPerson,
    k: check.k,
    quasiIdentifiers: compiled.quasiIdentifiers,
    equivalenceClasses: check.classes,
    offendingClasses: check.offending,
    suppressedForK: { rows: suppressedRows, classes: suppressedClasses },
    rowsOut: outRows.length,
    decision: !released ? 'withheld' : suppressedRows > 0 ? 'released-with-suppression' : 'released',
    columns: compiled.columns.map((c) => ({ source: c.source, output: c.output, rule: c.rule })),
  };
  return {
    rows: outRows,
    removedForOptOut: filtered.optedOutRows,
    suppressedForK: suppressedRows,
    k: check.k,
    released,
    report,
  };
}
