import type { ExportRequest } from './bulk-export-request.js';

/** One current resource a job is about to write, as the store keys it. */
export interface ExportCandidate {
  resourceType: string;
  id: string;
  /** The patient whose compartment holds it (its own id when in none). */
  patientKey: string;
}

/**
 * The single place that decides what an export job may write: every resource a job reads passes
 * through it. Consent (e.g. National Data Opt-out) and audit will hook in here, so that no other part
 * of `$export` needs to know about them.
 */
export type ExportPolicy = (request: ExportRequest, resource: ExportCandidate) => boolean;

/** Until access policy exists, a job exports every current (non-deleted) resource in its scope. */
export const exportEverythingCurrent: ExportPolicy = () => true;
