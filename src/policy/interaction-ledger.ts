import type { StoredVersion, WriteResult } from '../store/index.js';

/** Most entity references one AuditEvent lists; the patients touched are always listed in full. */
const MAX_ENTITIES = 500;

/**
 * What one interaction touched, gathered as the secured store serves it, so that its AuditEvent
 * names exactly what was returned or written.
 */
export class InteractionLedger {
  readonly patients = new Set<string>();
  readonly entities: string[] = [];
  /** For each of `entities`, the patient whose record it is in (undefined: no one's). */
  readonly entityPatients: (string | undefined)[] = [];
  /** Reads not yet written into an AuditEvent (a write's event covers the reads before it). */
  uncoveredReads = 0;
  /** AuditEvents appended inside write transactions. */
  appended = 0;
  truncated = false;

  private note(type: string, id: string, version: number, patientKey: string | undefined): void {
    const patient =
      patientKey !== undefined && (type === 'Patient' || patientKey !== id) ? patientKey : undefined;
    if (patient !== undefined) this.patients.add(patient);
    if (this.entities.length < MAX_ENTITIES) {
      this.entities.push(`${type}/${id}/_history/${version}`);
      this.entityPatients.push(patient);
    } else this.truncated = true;
  }

  read(versions: (StoredVersion | undefined)[]): void {
    for (const v of versions) {
      if (!v) continue;
      this.note(v.resourceType, v.id, v.versionId, v.patientKey);
      this.uncoveredReads++;
    }
  }

  written(results: WriteResult[]): void {
    for (const r of results) {
      if (r.outcome === 'not-found') continue;
      this.note(r.resourceType, r.id, r.versionId, r.patientKey);
    }
  }
}
