import type { SqlExecutor } from '../../store/index.js';
import type { FhirResource } from '../../fhir/index.js';
import type { FellegiSunterModel } from '../fellegi-sunter.js';
import { createLinker } from '../link-records.js';
import type { PersonRecord } from '../person-record.js';
import { personRecordFromPatient } from '../person-from-patient.js';
import type { TrainingReport } from '../train-model.js';
import { saveLinkageModel } from './linkage-model-store.js';

export interface TrainLinkageOptions {
  /** Most Patients trained on (default 100,000): EM needs thousands of pairs, not the whole store. */
  maxRecords?: number;
  /** Who asked, as recorded with the model. */
  createdBy?: string;
  onProgress?: (read: number, kept: number) => void;
}

export interface TrainLinkageResult {
  modelId: string;
  model: FellegiSunterModel;
  /** Patients read and kept in the sample. */
  read: number;
  sampled: number;
  candidatePairs: number;
  training?: TrainingReport;
  milliseconds: number;
}

const PAGE = 5000;

/** FNV-1a of the text in [0, 1): the same value always lands on the same side of the cut. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * Fits the Fellegi–Sunter model to the stored Patients and stores it; `$match` and the linker use it
 * from their next call. A uniform sample of records would thin out the duplicates quadratically (both
 * records of a pair must be drawn), so the sample takes whole birth dates instead: every record born
 * on a drawn day, which keeps nearly every duplicate pair together. Training itself is the identity
 * module's: blocking, u from random pairs, m by EM per blocking pass.
 */
export async function trainLinkageModel(
  exec: SqlExecutor,
  options: TrainLinkageOptions = {},
): Promise<TrainLinkageResult> {
  const started = performance.now();
  const maxRecords = options.maxRecords ?? 100_000;
  const count = await exec.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM resource WHERE resource_type = 'Patient' AND NOT deleted`,
  );
  const fraction = Math.min(1, maxRecords / Math.max(1, Number(count.rows[0]?.n ?? 0)));
  const records: PersonRecord[] = [];
  let read = 0;
  let after = '0';
  for (;;) {
    const page = await exec.query<{ seq_text: string; content: string }>(
      `SELECT seq::text AS seq_text, content FROM resource
       WHERE resource_type = 'Patient' AND NOT deleted AND seq > $1::bigint ORDER BY resource.seq LIMIT $2`,
      [after, PAGE],
    );
    for (const row of page.rows) {
      read++;
      const patient = JSON.parse(row.content) as FhirResource;
      if (patient.active === false) continue;
      const day = typeof patient.birthDate === 'string' ? patient.birthDate : '';
      if (fraction < 1 && unitHash(day) >= fraction) continue;
      if (records.length < maxRecords) records.push(personRecordFromPatient(patient));
    }
    options.onProgress?.(read, records.length);
    if (page.rows.length < PAGE) break;
    after = page.rows.at(-1)!.seq_text;
  }
  if (records.length < 2) throw new Error('At least two Patients are needed to train the linkage model.');
  const result = createLinker().link(records, { train: true });
  const report = {
    read,
    sampled: records.length,
    candidatePairs: result.blocking,
    training: result.training,
  };
  const modelId = await saveLinkageModel(exec, result.model, report, options.createdBy ?? 'Device/heartwood');
  return {
    modelId,
    model: result.model,
    read,
    sampled: records.length,
    candidatePairs: result.training?.candidatePairs ?? 0,
    training: result.training,
    milliseconds: performance.now() - started,
  };
}
