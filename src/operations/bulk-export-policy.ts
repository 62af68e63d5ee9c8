import { notOptedOutSql } from '../consent/index.js';
import type { ExportRequest } from './bulk-export-request.js';

/** One current resource a job is about to write, as the store keys it. */
export interface ExportCandidate {
  resourceType: string;
  id: string;
  /** The patient whose compartment holds it (its own id when in none). */
  patientKey: string;
}

/**
 * The single place that decides what an export job may write. Two halves: `exportScopeSql` narrows the
 * job's query inside the database (so excluded rows are never read), and an `ExportPolicy` sees every
 * row the query returns (for rules that cannot be SQL). No other part of `$export` knows about either.
 */
export type ExportPolicy = (request: ExportRequest, resource: ExportCandidate) => boolean;

/** Until access policy exists, a job exports every current (non-deleted) resource in its scope. */
export const exportEverythingCurrent: ExportPolicy = () => true;

/**
 * Predicates on resource row `r` that every job's query carries. A secondary-use job (research or
 * planning: see `readExportRequest`) leaves out everyone with the national data opt-out; a direct care
 * export does not, as the opt-out does not apply to care.
 */
export function exportScopeSql(request: ExportRequest, r: string): string[] {
  return request.secondaryUse ? [notOptedOutSql(`${r}.patient_key`)] : [];
}
