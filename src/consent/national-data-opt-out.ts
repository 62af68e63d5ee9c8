import type { SqlExecutor } from '../store/index.js';
import { CONSENT_KIND_SYSTEM } from './consent-kinds.js';

/**
 * The national data opt-out, read from the Consent search index so that every secondary use (research
 * and planning exports, pseudonymised extracts, materialised views, published measures) can exclude
 * the people who chose it inside the database, before a row of theirs is read.
 *
 * A person is opted out when, of their Consents of kind `national-data-opt-out` that are `active` or
 * `inactive`, the newest (`Consent.dateTime`, then last update) is `active` with `provision.type: deny`.
 * Withdrawing is recording a newer Consent (or the same one) as `inactive`. Other statuses (draft,
 * proposed, rejected, entered-in-error) never decide anything.
 *
 * A choice is the person's, not one record's: every record actively linked to an opted-out record in
 * the master patient index (`patient_link`, followed transitively) is left out as well. When linked
 * records disagree, the opt-out wins, so a withdrawal must be recorded where the opt-out is.
 */

const KIND = 'national-data-opt-out';

// Constants only (no user input), so the SQL can be spliced into any query without bind parameters;
// the system URL contains no quote, which the assertion below keeps true.
if (CONSENT_KIND_SYSTEM.includes("'")) throw new Error('consent kind system must not contain a quote');

/**
 * One row per opted-out Patient id (`patient_id`, never null), linked records included. Uncorrelated,
 * so PostgreSQL evaluates it once per query (a hashed sub-plan) however many rows it guards.
 */
export const OPTED_OUT_PATIENTS_SQL = `WITH RECURSIVE recorded AS (SELECT latest.patient_id FROM (
  SELECT DISTINCT ON (ref.target_id) ref.target_id AS patient_id, st.code AS status,
    coalesce(c.content::jsonb #>> '{provision,type}', 'deny') AS provision_type
  FROM resource c
  JOIN search_token cat ON cat.patient_key = c.patient_key AND cat.resource_type = 'Consent'
    AND cat.id = c.id AND cat.param = 'category' AND cat.system = '${CONSENT_KIND_SYSTEM}' AND cat.code = '${KIND}'
  JOIN search_reference ref ON ref.patient_key = c.patient_key AND ref.resource_type = 'Consent'
    AND ref.id = c.id AND ref.param = 'patient' AND ref.target_type = 'Patient' AND ref.target_id IS NOT NULL
  JOIN search_token st ON st.patient_key = c.patient_key AND st.resource_type = 'Consent'
    AND st.id = c.id AND st.param = 'status' AND st.code IN ('active', 'inactive')
  LEFT JOIN search_date d ON d.patient_key = c.patient_key AND d.resource_type = 'Consent'
    AND d.id = c.id AND d.param = 'date'
  WHERE c.resource_type = 'Consent' AND NOT c.deleted
  ORDER BY ref.target_id, d.low DESC NULLS LAST, c.last_updated DESC, c.id DESC
) latest WHERE latest.status = 'active' AND latest.provision_type = 'deny'),
person (patient_id) AS (
  SELECT patient_id FROM recorded
  UNION
  SELECT CASE WHEN l.patient_id = person.patient_id THEN l.other_id ELSE l.patient_id END
  FROM patient_link l JOIN person ON l.state = 'active'
    AND (l.patient_id = person.patient_id OR l.other_id = person.patient_id)
)
SELECT patient_id FROM person`;

/**
 * A predicate, true when the patient whose id is in `patientKeyColumn` has not opted out. Pass the
 * store's `patient_key` column to guard any patient-scoped row (a resource outside every patient
 * compartment is keyed by its own id, which is not an opted-out patient's).
 * `patientKeyColumn` must be an identifier of the caller's own query, never user input.
 */
export function notOptedOutSql(patientKeyColumn: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i.test(patientKeyColumn)) {
    throw new Error(`not a column reference: ${patientKeyColumn.slice(0, 40)}`);
  }
  return `${patientKeyColumn} NOT IN (${OPTED_OUT_PATIENTS_SQL})`;
}

/** The ids of every patient who has opted out now: for work that filters outside the database. */
export async function optedOutPatientIds(exec: SqlExecutor): Promise<Set<string>> {
  const { rows } = await exec.query<{ patient_id: string }>(OPTED_OUT_PATIENTS_SQL);
  return new Set(rows.map((r) => r.patient_id));
}

/**
 * The `optedOut` answer a pseudonymised extract needs (see `buildExtract`), read once from the store.
 * The extract's person ids must be Patient ids for this to find them.
 */
export async function loadOptOutCheck(exec: SqlExecutor): Promise<(personId: string) => boolean> {
  const ids = await optedOutPatientIds(exec);
  return (personId) => ids.has(personId);
}
