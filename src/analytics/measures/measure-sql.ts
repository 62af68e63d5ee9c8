import { notOptedOutSql } from '../../consent/index.js';

/**
 * One query per measure over the store's index tables: each returns a row per provider (`provider` an
 * Organization id) and one national row (`provider` null, from GROUPING SETS), with `numerator` and
 * `denominator` counts and, where the measure has one, `median`. `$1` and `$2` are the period's start
 * (inclusive) and end (exclusive). Nothing but counts leaves the database.
 */
export interface MeasureRow {
  provider: string | null;
  numerator: string | number;
  denominator: string | number;
  median?: string | number | null;
}

/** The channels whose `meta.source` marks an Appointment as booked online (see docs/measures.md). */
export const DIGITAL_BOOKING_SOURCES = [
  'https://heartwood.nhs.example/source/app',
  'https://heartwood.nhs.example/source/online',
];

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CVX = 'http://hl7.org/fhir/sid/cvx';

/** A full dateTime from a JSON path of the content, or NULL (partial dates have no time of day). */
function instant(alias: string, path: string): string {
  const text = `(${alias}.content::jsonb #>> '{${path}}')`;
  return `(CASE WHEN ${text} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}' THEN ${text}::timestamptz END)`;
}

/** Joins an index row `x` of type `type` to resource row `r` (patient key first: co-located). */
function on(x: string, r: string, type: string, param: string): string {
  return `${x}.patient_key = ${r}.patient_key AND ${x}.resource_type = '${type}' AND ${x}.id = ${r}.id AND ${x}.param = '${param}'`;
}

function optOut(r: string, secondaryUse: boolean): string {
  return secondaryUse ? `AND ${notOptedOutSql(`${r}.patient_key`)}` : '';
}

/** A&E: finished emergency Encounters starting in the period, by serviceProvider; ≤ 4h from arrival to departure. */
function aeFourHour(secondaryUse: boolean): string {
  return `SELECT sp.target_id AS provider,
    count(*) FILTER (WHERE a.departed - a.arrived <= interval '4 hours')::int AS numerator,
    count(*)::int AS denominator
  FROM (
    SELECT e.patient_key, e.id, ${instant('e', 'period,start')} AS arrived, ${instant('e', 'period,end')} AS departed
    FROM resource e
    WHERE e.resource_type = 'Encounter' AND NOT e.deleted
      AND coalesce(e.content::jsonb ->> 'status', '') NOT IN ('cancelled', 'entered-in-error', 'planned')
      AND EXISTS (SELECT 1 FROM search_token c WHERE ${on('c', 'e', 'Encounter', 'class')}
        AND c.system = '${ACT_CODE}' AND c.code = 'EMER')
      ${optOut('e', secondaryUse)}
  ) a
  JOIN search_reference sp ON ${on('sp', 'a', 'Encounter', 'service-provider')} AND sp.target_type = 'Organization'
  WHERE a.arrived >= $1::timestamptz AND a.arrived < $2::timestamptz AND a.departed >= a.arrived
  GROUP BY GROUPING SETS ((sp.target_id), ())`;
}

/**
 * Referral to treatment: ServiceRequests whose first Encounter or Procedure `basedOn` them started in
 * the period (completed pathways), by the request's performer organisation.
 */
function rtt(secondaryUse: boolean): string {
  return `WITH referral AS (
    SELECT s.id, s.patient_key, d.low AS referred, perf.target_id AS provider
    FROM resource s
    JOIN search_date d ON ${on('d', 's', 'ServiceRequest', 'authored')}
    JOIN search_reference perf ON ${on('perf', 's', 'ServiceRequest', 'performer')} AND perf.target_type = 'Organization'
    WHERE s.resource_type = 'ServiceRequest' AND NOT s.deleted
      AND coalesce(s.content::jsonb ->> 'status', '') NOT IN ('revoked', 'entered-in-error', 'draft')
      ${optOut('s', secondaryUse)}
  ), treatment AS (
    SELECT b.target_id AS referral_id, min(d.low) AS treated
    FROM search_reference b
    JOIN resource t ON t.patient_key = b.patient_key AND t.resource_type = b.resource_type AND t.id = b.id AND NOT t.deleted
    JOIN search_date d ON d.patient_key = b.patient_key AND d.resource_type = b.resource_type AND d.id = b.id AND d.param = 'date'
    WHERE b.resource_type IN ('Encounter', 'Procedure') AND b.param = 'based-on' AND b.target_type = 'ServiceRequest'
      AND coalesce(t.content::jsonb ->> 'status', '') NOT IN ('cancelled', 'entered-in-error', 'not-done', 'planned')
    GROUP BY b.target_id
  ), pathway AS (
    SELECT r.provider, t.treated - r.referred AS waited
    FROM referral r JOIN treatment t ON t.referral_id = r.id
    WHERE t.treated >= $1::timestamptz AND t.treated < $2::timestamptz AND t.treated >= r.referred
  )
  SELECT provider,
    count(*) FILTER (WHERE waited <= interval '126 days')::int AS numerator,
    count(*)::int AS denominator,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM waited) / 604800) AS median
  FROM pathway
  GROUP BY GROUPING SETS ((provider), ())`;
}

/**
 * Childhood immunisation: registered children (Patient.generalPractitioner an Organization, not
 * deceased, not inactive) whose 1st, 2nd or 5th birthday falls in the period, and whether the
 * scheduled doses (CVX codes) were given, completed, before that birthday.
 */
function immunisation(secondaryUse: boolean): string {
  return `WITH child AS (
    SELECT p.id, p.patient_key, gp.target_id AS practice, (b.low AT TIME ZONE 'UTC')::date AS born
    FROM resource p
    JOIN search_date b ON ${on('b', 'p', 'Patient', 'birthdate')}
    JOIN search_reference gp ON ${on('gp', 'p', 'Patient', 'general-practitioner')} AND gp.target_type = 'Organization'
    WHERE p.resource_type = 'Patient' AND NOT p.deleted
      AND coalesce(p.content::jsonb ->> 'active', 'true') <> 'false'
      AND NOT (p.content::jsonb ? 'deceasedDateTime') AND coalesce(p.content::jsonb ->> 'deceasedBoolean', 'false') <> 'true'
      ${optOut('p', secondaryUse)}
  ), due AS (
    SELECT c.*, s.code, s.doses, (c.born + make_interval(years => s.age))::timestamp AT TIME ZONE 'UTC' AS due_at
    FROM child c CROSS JOIN (VALUES (1, '146', 3), (2, '03', 1), (5, '03', 2)) AS s(age, code, doses)
  ), checked AS (
    SELECT due.practice, due.doses, (
      SELECT count(*) FROM resource i
      JOIN search_token v ON ${on('v', 'i', 'Immunization', 'vaccine-code')} AND v.system = '${CVX}' AND v.code = due.code
      JOIN search_date d ON ${on('d', 'i', 'Immunization', 'date')}
      WHERE i.patient_key = due.id AND i.resource_type = 'Immunization' AND NOT i.deleted
        AND i.content::jsonb ->> 'status' = 'completed' AND d.low < due.due_at
    ) AS given
    FROM due WHERE due.due_at >= $1::timestamptz AND due.due_at < $2::timestamptz
  )
  SELECT practice AS provider,
    count(*) FILTER (WHERE given >= doses)::int AS numerator,
    count(*)::int AS denominator
  FROM checked
  GROUP BY GROUPING SETS ((practice), ())`;
}

/**
 * Digital first: GP and outpatient Encounters (not emergency, not inpatient) held in the period, by
 * serviceProvider; digital when the class is VR (virtual) or the Appointment it was for was booked
 * through a digital channel (its `meta.source`).
 */
function digitalFirst(secondaryUse: boolean): string {
  const sources = DIGITAL_BOOKING_SOURCES.map((s) => `'${s}%'`).join(', ');
  return `SELECT sp.target_id AS provider,
    count(*) FILTER (WHERE x.digital)::int AS numerator,
    count(*)::int AS denominator
  FROM (
    SELECT e.patient_key, e.id,
      EXISTS (SELECT 1 FROM search_token c WHERE ${on('c', 'e', 'Encounter', 'class')} AND c.code = 'VR')
      OR EXISTS (SELECT 1 FROM search_reference ap
        JOIN search_uri src ON src.resource_type = 'Appointment' AND src.id = ap.target_id AND src.param = '_source'
        WHERE ${on('ap', 'e', 'Encounter', 'appointment')} AND src.value LIKE ANY (ARRAY[${sources}])) AS digital
    FROM resource e
    JOIN search_date d ON ${on('d', 'e', 'Encounter', 'date')}
    WHERE e.resource_type = 'Encounter' AND NOT e.deleted
      AND coalesce(e.content::jsonb ->> 'status', '') NOT IN ('cancelled', 'entered-in-error', 'planned')
      AND d.low >= $1::timestamptz AND d.low < $2::timestamptz
      AND NOT EXISTS (SELECT 1 FROM search_token c WHERE ${on('c', 'e', 'Encounter', 'class')}
        AND c.system = '${ACT_CODE}' AND c.code IN ('EMER', 'IMP', 'ACUTE', 'NONAC', 'OBSENC', 'SS', 'HH'))
      ${optOut('e', secondaryUse)}
  ) x
  JOIN search_reference sp ON ${on('sp', 'x', 'Encounter', 'service-provider')} AND sp.target_type = 'Organization'
  GROUP BY GROUPING SETS ((sp.target_id), ())`;
}

const BUILDERS: Record<string, (secondaryUse: boolean) => string> = {
  'ae-four-hour': aeFourHour,
  'rtt-18-weeks': rtt,
  'childhood-immunisation': immunisation,
  'digital-first': digitalFirst,
};

/** The SQL of a measure; `secondaryUse` leaves out everyone with the national data opt-out. */
export function measureSql(id: string, secondaryUse: boolean): string {
  const build = BUILDERS[id];
  if (!build) throw new Error(`no SQL for measure ${id}`);
  return build(secondaryUse);
}
