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
 * Whether `column` is one of the listed patient keys. The comparison sits inside CASE so that the
 * planner does not estimate it one element at a time against the column's statistics (2 ms of
 * planning for a list of 1,000, on every query); the executor still hashes the list once per query.
 */
function inList(column: string, keys: string[], p: SqlParams): string {
  return `(CASE WHEN ${column} = ANY(${p.add(keys, 'text[]')}) THEN TRUE ELSE FALSE END)`;
}

/** The patients registered with a practice (their Patient's `generalPractitioner`). */
export function registeredSet(organization: string, p: SqlParams): string {
  return `SELECT reg.patient_key FROM search_reference reg
      WHERE reg.target_id = ${p.add(organization)} AND reg.target_type = 'Organization'
      AND reg.resource_type = 'Patient' AND reg.param = 'general-practitioner'`;
}

/**
 * What the patient's sharing choices and the sensitivity labels require of row `r`. Records shown
 * whole, and Patient resources, are exempt: callers put that alternative beside each condition.
 */
function choicesAndLabels(rule: AccessRule, r: string, p: SqlParams): string[] {
  const conditions: string[] = [];
  if (rule.organization) {
    // "Nothing beyond my practice": an active record-sharing denial without categories. Looked up
    // for the row's patient (NOT IN would hash every such denial in the country on each query).
    conditions.push(`NOT EXISTS (SELECT 1 FROM consent_directive cd WHERE cd.patient_key = ${r}.patient_key
      AND cd.kind = 'record-sharing' AND cd.type = 'deny' AND cd.active AND cardinality(cd.labels) = 0)`);
  }
  if (rule.hiddenLabels.length > 0) {
    const shared = rule.organization
      ? `AND NOT EXISTS (SELECT 1 FROM consent_directive cp WHERE cp.patient_key = ${r}.patient_key
           AND cp.kind = 'record-sharing' AND cp.type = 'permit' AND cp.active
           AND (sl.system || '|' || sl.code) = ANY(cp.labels))`
      : '';
    conditions.push(`NOT EXISTS (SELECT 1 FROM search_token sl
      WHERE sl.resource_type = ${r}.resource_type AND sl.id = ${r}.id AND sl.patient_key = ${r}.patient_key
      AND sl.param = '_security' AND (sl.system || '|' || sl.code) = ANY(${p.add(rule.hiddenLabels, 'text[]')}) ${shared})`);
  }
  return conditions;
}

/**
 * When every record the rule shows is named in it (listed patients and break-glass grants, with the
 * organisation's registered patients read in advance), the records split in two: those shown whole
 * (opened by a grant, or registered with the caller's own practice) and those whose entries the
 * patient's choices and the labels still filter. Undefined when the query must derive some of them.
 */
export function listedRecords(rule: AccessRule): ListedRecords | undefined {
  let listed = splits.get(rule);
  if (listed === undefined) {
    listed = splitListed(rule) ?? null;
    splits.set(rule, listed);
  }
  return listed ?? undefined;
}

export interface ListedRecords {
  whole: string[];
  filtered: string[];
  /** The same, for membership tests in memory (reads by id). */
  wholeSet: ReadonlySet<string>;
  filteredSet: ReadonlySet<string>;
}

/**
 * A caller's rule is cached and compiled into each of their queries: its split is made once. A memo
 * keyed by the rule object, which is never changed once made, so it holds nothing else.
 */
const splits = new WeakMap<AccessRule, ListedRecords | null>();

function splitListed(rule: AccessRule): ListedRecords | undefined {
  if (rule.everyone || rule.careRelationship) return undefined;
  if (rule.organization !== undefined && rule.registered === undefined) return undefined;
  const patients = rule.patients ?? [];
  const opened = rule.opened ?? [];
  const whole = new Set(opened);
  if (!rule.organization && rule.hiddenLabels.length === 0) {
    for (const key of patients) whole.add(key);
  } else {
    const registered = new Set(rule.organization ? rule.registered : []);
    for (const key of patients) if (registered.has(key)) whole.add(key);
  }
  const filtered = new Set(patients.filter((key) => !whole.has(key)));
  return { whole: [...whole], filtered: [...filtered], wholeSet: whole, filteredSet: filtered };
}

/**
 * A predicate true when row `r` (a `resource` or `resource_history` alias with patient_key,
 * resource_type and id) is visible under the rule. Undefined rule: no limit.
 */
export function accessSql(rule: AccessRule | undefined, r: string, p: SqlParams): string {
  if (!rule) return 'TRUE';
  // Rows of a patient's record have another patient_key than their id, so the type list is only
  // consulted for the others; as a CASE, the planner does not estimate the list type by type either.
  const reference =
    rule.referenceTypes.length > 0
      ? `(CASE WHEN ${r}.patient_key = ${r}.id THEN ${r}.resource_type = ANY(${p.add(rule.referenceTypes, 'text[]')}) ELSE FALSE END)`
      : 'FALSE';

  const scope: string[] = [];
  if (rule.source) {
    scope.push(`EXISTS (SELECT 1 FROM search_uri su WHERE su.resource_type = ${r}.resource_type
      AND su.id = ${r}.id AND su.patient_key = ${r}.patient_key AND su.param = '_source'
      AND su.value = ${p.add(rule.source)})`);
  }
  if (rule.types) scope.push(`${r}.resource_type = ANY(${p.add(rule.types, 'text[]')})`);
  const typesFor = Object.entries(rule.typesFor ?? {});
  if (typesFor.length > 0) {
    // A carer acts for a few people, each with the types their grant names.
    const arms = typesFor.map(
      ([key, types]) => `WHEN ${p.add(key)} THEN ${r}.resource_type = ANY(${p.add(types, 'text[]')})`,
    );
    scope.push(`(CASE ${r}.patient_key ${arms.join(' ')} ELSE TRUE END)`);
  }

  // The Patient resource itself stays visible whatever its patient chose: the caller already has
  // the relationship, and the demographics are what shows there is a record at all.
  const listed = listedRecords(rule);
  if (listed) {
    // Each row is then tested against lists the caller's access already holds, not subqueries.
    const records: string[] = [];
    if (listed.whole.length > 0) records.push(inList(`${r}.patient_key`, listed.whole, p));
    if (listed.filtered.length > 0) {
      const filters = choicesAndLabels(rule, r, p);
      records.push(
        filters.length > 0
          ? `(${inList(`${r}.patient_key`, listed.filtered, p)} AND (${r}.resource_type = 'Patient' OR (${filters.join(' AND ')})))`
          : inList(`${r}.patient_key`, listed.filtered, p),
      );
    }
    if (records.length === 0) return reference;
    return `(${reference} OR (${[`(${records.join(' OR ')})`, ...scope].join(' AND ')}))`;
  }

  const whose: string[] = [];
  if (rule.everyone) whose.push('TRUE');
  if (rule.patients && rule.patients.length > 0) {
    whose.push(inList(`${r}.patient_key`, rule.patients, p));
  }
  const opened = rule.opened && rule.opened.length > 0 ? inList(`${r}.patient_key`, rule.opened, p) : '';
  if (rule.careRelationship) whose.push(`${r}.patient_key IN (${relationshipSet(rule.careRelationship, p)})`);
  if (opened) whose.push(opened);
  if (whose.length === 0) return reference;

  const exempt: string[] = [`${r}.resource_type = 'Patient'`];
  if (opened) exempt.push(opened);
  if (rule.organization) {
    exempt.push(
      rule.registered
        ? inList(`${r}.patient_key`, rule.registered, p)
        : `${r}.patient_key IN (${registeredSet(rule.organization, p)})`,
    );
  }
  const exemptSql = exempt.join(' OR ');
  const conditions = [
    `(${whose.join(' OR ')})`,
    ...scope,
    ...choicesAndLabels(rule, r, p).map((c) => `(${exemptSql} OR ${c})`),
  ];
  return `(${reference} OR (${conditions.join(' AND ')}))`;
}
