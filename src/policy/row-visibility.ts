import type { AccessRule, SqlExecutor, StoredVersion } from '../store/index.js';
import { SqlParams, accessSql, listedRecords, registeredSet } from '../store/index.js';

/** What the rule says about one patient's record for one caller: the SQL predicate, evaluated once. */
export interface PatientVisibility {
  /** Whether the caller may see this patient's record at all (their Patient resource). */
  related: boolean;
  /** Whether an unlabelled entry (not the Patient resource) of this record is visible. */
  plain: boolean;
  /** Whether labels hide nothing (registered practice, break glass). */
  allLabels: boolean;
  /** `system|code` labels the patient chose to share beyond their practice. */
  shared: Set<string>;
}

/**
 * Evaluates the access rule for one patient with the same SQL the store compiles into queries, on a
 * stand-in row, so that reads by id can be checked in memory afterwards without a second predicate.
 */
export async function patientVisibility(
  exec: SqlExecutor,
  rule: AccessRule,
  patientKey: string,
): Promise<PatientVisibility> {
  const p = new SqlParams();
  const key = p.add(patientKey);
  // Rules are not changed once made (the store remembers what it derives from each): new ones here.
  const {
    types: _types,
    typesFor: _typesFor,
    organization,
    ...whose
  } = {
    ...rule,
    referenceTypes: [],
    hiddenLabels: [],
  };
  const plain = accessSql(organization === undefined ? whose : { ...whose, organization }, 'r', p);
  const related = accessSql(whose, 'r', p);
  const r = await exec.query<{
    related: boolean;
    plain: boolean;
    all_labels: boolean;
    shared: string[] | null;
  }>(
    `SELECT ${related} AS related, ${plain} AS plain,
       (${key} = ANY(${p.add(rule.opened ?? [], 'text[]')})
        OR ${key} IN (${registeredSet(rule.organization ?? '', p)})) AS all_labels,
       (SELECT array_agg(l) FROM consent_directive cp, unnest(cp.labels) l
        WHERE cp.patient_key = ${key} AND cp.kind = 'record-sharing' AND cp.type = 'permit' AND cp.active) AS shared
     FROM (SELECT ${key}::text AS patient_key, 'Observation'::text AS resource_type, '-'::text AS id) r`,
    p.values,
  );
  const row = r.rows[0]!;
  return {
    related: row.related,
    plain: row.plain,
    allLabels: row.all_labels,
    shared: new Set(row.shared ?? []),
  };
}

function labelsOf(content: string | undefined): string[] {
  if (!content || !content.includes('"security"')) return [];
  const meta = (JSON.parse(content) as { meta?: { security?: { system?: string; code?: string }[] } }).meta;
  return (meta?.security ?? []).map((s) => `${s.system ?? ''}|${s.code ?? ''}`);
}

function hasHiddenLabel(rule: AccessRule, v: StoredVersion, shared?: Set<string>): boolean {
  if (rule.hiddenLabels.length === 0) return false;
  const hidden = new Set(rule.hiddenLabels);
  return labelsOf(v.content).some((l) => hidden.has(l) && !shared?.has(l));
}

/**
 * Whether a version read by id is visible under the rule, decided in memory where the rule allows
 * and with one cached per-patient query otherwise. Mirrors `accessSql`; the access-matrix tests hold
 * the two to the same answers.
 */
export async function versionVisible(
  rule: AccessRule,
  v: StoredVersion,
  forPatient: (patientKey: string) => Promise<PatientVisibility>,
): Promise<boolean> {
  const key = v.patientKey ?? v.id;
  if (rule.referenceTypes.includes(v.resourceType) && key === v.id) return true;
  if (rule.types && !rule.types.includes(v.resourceType)) return false;
  const typesFor = rule.typesFor?.[key];
  if (typesFor && !typesFor.includes(v.resourceType)) return false;
  if (rule.source !== undefined) return false; // sources are checked by SQL (meta.source index)
  const isPatient = v.resourceType === 'Patient';
  const listed = listedRecords(rule);
  if (listed) {
    // The same split the query makes: whole records, filtered records, and no others.
    if (listed.wholeSet.has(key)) return true;
    if (!listed.filteredSet.has(key)) return false;
    if (isPatient) return true;
    if (!rule.organization) return !hasHiddenLabel(rule, v);
  } else {
    const named = rule.everyone === true || (rule.patients?.includes(key) ?? false);
    // Without an organisation, a listed record is decided by its labels alone; with one, the
    // patient's registration and sharing choices matter too, which the per-patient evaluation covers.
    if (named && !rule.organization) return isPatient || !hasHiddenLabel(rule, v);
    if (!named && !rule.careRelationship && !rule.opened?.length) return false;
  }
  const pv = await forPatient(key);
  if (isPatient) return pv.related;
  if (!pv.plain) return false;
  if (pv.allLabels) return true;
  return !hasHiddenLabel(rule, v, pv.shared);
}
