import type { SqlExecutor } from '../../store/index.js';
import type { FellegiSunterModel } from '../fellegi-sunter.js';
import { MATCH_FIELDS } from '../comparison-vector.js';

export interface StoredLinkageModel {
  modelId: string;
  model: FellegiSunterModel;
  createdAt: string;
  createdBy: string;
}

/** A stored model that does not have every field the comparator produces is not used (older shape). */
function isModel(value: unknown): value is FellegiSunterModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<FellegiSunterModel>;
  return (
    typeof v.matchProportion === 'number' &&
    typeof v.fields === 'object' &&
    v.fields !== null &&
    MATCH_FIELDS.every((f) => typeof v.fields?.[f]?.m === 'object' && typeof v.fields?.[f]?.u === 'object')
  );
}

/** The newest trained linkage model, or undefined when none was trained (or it cannot be used). */
export async function loadLinkageModel(exec: SqlExecutor): Promise<StoredLinkageModel | undefined> {
  const r = await exec.query<{
    model_id: string;
    model: string;
    created_at: Date | string;
    created_by: string;
  }>(
    `SELECT model_id::text AS model_id, model, created_at, created_by FROM linkage_model
     ORDER BY model_id DESC LIMIT 1`,
    [],
    'load-linkage-model',
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const model = JSON.parse(row.model) as unknown;
  if (!isModel(model)) return undefined;
  return {
    modelId: row.model_id,
    model,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}

/** Stores a newly trained model; it is used from the next match on. Earlier models are kept. */
export async function saveLinkageModel(
  exec: SqlExecutor,
  model: FellegiSunterModel,
  report: unknown,
  createdBy: string,
): Promise<string> {
  const r = await exec.query<{ model_id: string }>(
    `INSERT INTO linkage_model (model, report, created_at, created_by) VALUES ($1, $2, now(), $3)
     RETURNING model_id::text AS model_id`,
    [JSON.stringify(model), JSON.stringify(report), createdBy],
  );
  return r.rows[0]!.model_id;
}
