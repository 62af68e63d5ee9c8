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
  /** For each of `entities` that was written, the Bundle entry that wrote it (when known). */
  readonly entityEntries: (number | undefined)[] = [];
  /** Reads not yet written into an AuditEvent (a write's event covers the reads before it). */
  uncoveredReads = 0;
  /** AuditEvents appended inside write transactions. */
  appended = 0;
  truncated = false;

  private note(
    type: string,
    id: string,
    version: number,
    patientKey: string | undefined,
    entry?: number,
  ): void {
    const patient =
      patientKey !== undefined && (type === 'Patient' || patientKey !== id) ? patientKey : undefined;
    if (patient !== undefined) this.patients.add(patient);
    if (this.entities.length < MAX_ENTITIES) {
      this.entities.push(`${type}/${id}/_history/${version}`);
      this.entityPatients.push(patient);
      this.entityEntries.push(entry);
    } else this.truncated = true;
  }

  read(versions: (StoredVersion | undefined)[]): void {
    for (const v of versions) {
      if (!v) continue;
      this.note(v.resourceType, v.id, v.versionId, v.patientKey);
      this.uncoveredReads++;
    }
  }

  /** `entries`: for each result, the Bundle entry that asked for it (see `WriteOptions`). */
  written(results: WriteResult[], entries?: readonly (number | undefined)[]): void {
    results.forEach((r, i) => {
      if (r.outcome === 'not-found') return;
      this.note(r.resourceType, r.id, r.versionId, r.patientKey, entries?.[i]);
    });
  }

  /**
   * The ledger split into the parts of a shared transaction (`parts`: entries of each, in order):
   * what each part wrote, and the reads made on the way (conditional matches), each given to the
   * parts that wrote in the same patient's record — or to every part when none did, or when it is in
   * no one's record, so that no read goes unaudited.
   */
  split(
    parts: readonly number[],
  ): { patients: string[]; entities: string[]; entityPatients: (string | undefined)[] }[] {
    const starts: number[] = [];
    let at = 0;
    for (const n of parts) {
      starts.push(at);
      at += n;
    }
    const partOf = (entry: number): number => {
      let p = 0;
      while (p + 1 < starts.length && entry >= starts[p + 1]!) p++;
      return p;
    };
    const out = parts.map(() => ({
      patients: new Set<string>(),
      entities: [] as string[],
      entityPatients: [] as (string | undefined)[],
    }));
    const add = (p: number, i: number) => {
      const patient = this.entityPatients[i];
      out[p]!.entities.push(this.entities[i]!);
      out[p]!.entityPatients.push(patient);
      if (patient !== undefined) out[p]!.patients.add(patient);
    };
    const reads: number[] = [];
    this.entities.forEach((_, i) => {
      const entry = this.entityEntries[i];
      if (entry === undefined) reads.push(i);
      else add(partOf(entry), i);
    });
    const written = out.map((o) => new Set(o.patients));
    for (const i of reads) {
      const patient = this.entityPatients[i];
      const owners =
        patient === undefined ? [] : out.flatMap((_, p) => (written[p]!.has(patient) ? [p] : []));
      for (const p of owners.length > 0 ? owners : out.map((_, p) => p)) add(p, i);
    }
    // A refused attempt noted without an entity still belongs to someone's log: to every part's.
    for (const patient of this.patients) {
      if (!out.some((o) => o.patients.has(patient))) for (const o of out) o.patients.add(patient);
    }
    return out.map((o) => ({
      patients: [...o.patients],
      entities: o.entities,
      entityPatients: o.entityPatients,
    }));
  }
}
