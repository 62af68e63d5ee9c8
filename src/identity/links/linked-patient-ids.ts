import type { SqlExecutor } from '../../store/index.js';

/**
 * Bounds of the closure. A person has a handful of records (one per source system, plus merged-away
 * duplicates); a component larger than this means over-linking, which must not make every read of the
 * record walk a large graph.
 */
export const MAX_LINKED_RECORDS = 50;
const MAX_HOPS = 6;

/**
 * Every current Patient record of the same person as `patientId`: the transitive closure over active
 * links in `patient_link` and `Patient.link` references (either direction, any link type), bounded to
 * MAX_LINKED_RECORDS records and a few hops. The requested id comes first, the others sorted; unknown
 * or deleted records are left out (and not walked through). Empty when `patientId` itself is unknown
 * or deleted. This is what "the same person" means for `$everything`, `$summary` and access policy.
 */
export async function linkedPatientIds(exec: SqlExecutor, patientId: string): Promise<string[]> {
  const self = await exec.query(
    `SELECT 1 FROM resource WHERE resource_type = 'Patient' AND id = $1 AND NOT deleted`,
    [patientId],
  );
  if (self.rows.length === 0) return [];
  const seen = new Set<string>([patientId]);
  let frontier = [patientId];
  for (let hop = 0; hop < MAX_HOPS && frontier.length > 0 && seen.size < MAX_LINKED_RECORDS; hop++) {
    const r = await exec.query<{ id: string }>(
      `WITH found AS (
         SELECT other_id AS id FROM patient_link WHERE state = 'active' AND patient_id = ANY($1::text[])
         UNION SELECT patient_id FROM patient_link WHERE state = 'active' AND other_id = ANY($1::text[])
         UNION SELECT target_id FROM search_reference
           WHERE resource_type = 'Patient' AND id = ANY($1::text[]) AND param = 'link' AND target_type = 'Patient'
         UNION SELECT id FROM search_reference
           WHERE target_id = ANY($1::text[]) AND target_type = 'Patient' AND param = 'link' AND resource_type = 'Patient'
       )
       SELECT r.id FROM found f JOIN resource r ON r.resource_type = 'Patient' AND r.id = f.id
       WHERE NOT r.deleted ORDER BY r.id`,
      [frontier],
      'linked-patient-ids',
    );
    const next: string[] = [];
    for (const { id } of r.rows) {
      if (seen.has(id)) continue;
      if (seen.size >= MAX_LINKED_RECORDS) break;
      seen.add(id);
      next.push(id);
    }
    frontier = next;
  }
  seen.delete(patientId);
  return [patientId, ...[...seen].sort()];
}
