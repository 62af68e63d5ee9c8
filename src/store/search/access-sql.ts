import type { AccessRule } from '../access-rule.js';
import type { SqlParams } from './sql-params.js';

/**
 * The patients in a care relationship with an organisation or practitioner, from the reference index:
 * registered practice, episodes of care, care teams, referrals, and encounters not long over.
 */
export function relationshipSet(rule: NonNullable<AccessRule['careRelationship']>, p: SqlParams): string {
  const branches: string[] = [];
  const since = p.add(rule.encountersSince, 'timestamptz');
  const recentEncounter = (x: string) =>
    `(${x}.resource_type = 'Encounter' AND EXISTS (SELECT 1 FROM search_date ed
       WHERE ed.patient_key = ${x}.patient_key AND ed.resource_type = 'Encounter' AND ed.id = ${x}.id
       AND ed.param = 'date' AND ed.high >= ${since}))`;
  if (rule.organization) {
    const org = p.add(rule.organization);
    branches.push(`SELECT ro.patient_key FROM search_reference ro
      WHERE ro.target_id = ${org} AND ro.target_type = 'Organization' AND (
        (ro.resource_type = 'Patient' AND ro.param = 'general-practitioner')
        OR (ro.resource_type = 'EpisodeOfCare' AND ro.param = 'organization')
        OR (ro.resource_type = 'CareTeam' AND ro.param = 'participant')
        OR (ro.resource_type = 'ServiceRequest' AND ro.param = 'performer')
        OR (ro.param = 'service-provider' AND ${recentEncounter('ro')}))`);
  }
  if (rule.practitioner) {
    const person = p.add(rule.practitioner);
    branches.push(`SELECT rp.patient_key FROM search_reference rp
      WHERE rp.target_id = ${person} AND rp.target_type = 'Practitioner' AND (
        (rp.resource_type = 'Patient' AND rp.param = 'general-practitioner')
        OR (rp.resource_type = 'CareTeam' AND rp.param = 'participant')
        OR (rp.resource_type = 'ServiceRequest' AND rp.param = 'performer')
        OR (rp.param = 'participant' AND ${recentEncounter('rp')}))`);
  }
  return branches.join(' UNION ');
}

/**
 * A predicate true when row `r` (a `resource` or `resource_history` alias with patient_key,
 * resource_type and id) is visible under the rule. Undefined rule: no limit.
 */
export function accessSql(rule: AccessRule | undefined, r: string, p: SqlParams): string {
  if (!rule) return 'TRUE';
  const reference =
    rule.referenceTypes.length > 0
      ? `(${r}.resource_type = ANY(${p.add(rule.referenceTypes, 'text[]')}) AND ${r}.patient_key = ${r}.id)`
      : 'FALSE';

  const whose: string[] = [];
  if (rule.everyone) whose.push('TRUE');
  if (rule.patients && rule.patients.length > 0) {
    whose.push(`${r}.patient_key = ANY(${p.add(rule.patients, 'text[]')})`);
  }
  const opened =
    rule.opened && rule.opened.length > 0 ? `${r}.patient_key = ANY(${p.add(rule.opened, 'text[]')})` : '';
  if (rule.careRelationship) whose.push(`${r}.patient_key IN (${relationshipSet(rule.careRelationship, p)})`);
  if (opened) whose.push(opened);
  if (whose.length === 0) return reference;

  const conditions = [`(${whose.join(' OR ')})`];
  if (rule.source) {
    conditions.push(`EXISTS (SELECT 1 FROM search_uri su WHERE su.resource_type = ${r}.resource_type
      AND su.id = ${r}.id AND su.patient_key = ${r}.patient_key AND su.param = '_source'
      AND su.value = ${p.add(rule.source)})`);
  }
  if (rule.types) conditions.push(`${r}.resource_type = ANY(${p.add(rule.types, 'text[]')})`);
  // The Patient resource itself stays visible whatever its patient chose: the caller already has
  // the relationship, and the demographics are what shows there is a record at all.
  const exempt: string[] = [`${r}.resource_type = 'Patient'`];
  if (opened) exempt.push(opened);
  if (rule.organization) {
    exempt.push(`${r}.patient_key IN (SELECT reg.patient_key FROM search_reference reg
      WHERE reg.target_id = ${p.add(rule.organization)} AND reg.target_type = 'Organization'
      AND reg.resource_type = 'Patient' AND reg.param = 'general-practitioner')`);
  }
  const exemptSql = exempt.join(' OR ');

  if (rule.organization) {
    // "Nothing beyond my practice": an active record-sharing denial without categories.
    conditions.push(`(${exemptSql} OR ${r}.patient_key NOT IN (SELECT cd.patient_key FROM consent_directive cd
      WHERE cd.kind = 'record-sharing' AND cd.type = 'deny' AND cd.active AND cardinality(cd.labels) = 0))`);
  }
  if (rule.hiddenLabels.length > 0) {
    const shared = rule.organization
      ? `AND NOT EXISTS (SELECT 1 FROM consent_directive cp WHERE cp.patient_key = ${r}.patient_key
           AND cp.kind = 'record-sharing' AND cp.type = 'permit' AND cp.active
           AND (sl.system || '|' || sl.code) = ANY(cp.labels))`
      : '';
    conditions.push(`(${exemptSql} OR NOT EXISTS (SELECT 1 FROM search_token sl
      WHERE sl.resource_type = ${r}.resource_type AND sl.id = ${r}.id AND sl.patient_key = ${r}.patient_key
      AND sl.param = '_security' AND (sl.system || '|' || sl.code) = ANY(${p.add(rule.hiddenLabels, 'text[]')}) ${shared}))`);
  }
  return `(${reference} OR (${conditions.join(' AND ')}))`;
}
