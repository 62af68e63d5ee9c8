import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import { consentKindOf } from '../consent/index.js';
import type { SqlExecutor, WriteResult } from '../store/index.js';

interface DirectiveRow {
  patientKey: string;
  consentId: string;
  kind: string;
  type: string;
  labels: string[];
  actor: string | null;
  resourceTypes: string[];
  periodStart: string | null;
  periodEnd: string | null;
  recorded: string | null;
  status: string;
}

const PATIENT_REF = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/;

/** The directive a Heartwood Consent states, or undefined for a Consent of no kind Heartwood knows. */
export function directiveOf(consent: FhirResource & { id: string }): DirectiveRow | undefined {
  const kind = consentKindOf(consent);
  const patientRef = isObject(consent.patient) ? consent.patient.reference : undefined;
  const patient = typeof patientRef === 'string' ? PATIENT_REF.exec(patientRef)?.[1] : undefined;
  if (!kind || !patient) return undefined;
  const provision = isObject(consent.provision) ? consent.provision : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : []);
  const labels = list(provision.securityLabel)
    .filter((c) => typeof c.system === 'string' && typeof c.code === 'string')
    .map((c) => `${String(c.system)}|${String(c.code)}`);
  const actorRef = list(provision.actor)
    .map((a) => (isObject(a.reference) ? a.reference.reference : undefined))
    .find((r): r is string => typeof r === 'string');
  const period = isObject(provision.period) ? provision.period : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    patientKey: patient,
    consentId: consent.id,
    kind,
    type: provision.type === 'permit' ? 'permit' : 'deny',
    labels,
    actor: actorRef ?? null,
    resourceTypes: list(provision.class)
      .map((c) => c.code)
      .filter((c): c is string => typeof c === 'string'),
    periodStart: text(period.start),
    periodEnd: text(period.end),
    recorded: text(consent.dateTime),
    status: typeof consent.status === 'string' ? consent.status : 'unknown',
  };
}

/**
 * Keeps `consent_directive` in step with the Consents just written, inside their transaction, and
 * recomputes which choice is in force for each patient and kind touched.
 */
export async function syncConsentDirectives(exec: SqlExecutor, results: WriteResult[]): Promise<void> {
  const consents = results.filter((r) => r.resourceType === 'Consent' && r.outcome !== 'unchanged');
  if (consents.length === 0) return;
  const ids = consents.map((r) => r.id);
  await exec.query('DELETE FROM consent_directive WHERE consent_id = ANY($1::text[])', [ids]);
  const rows: DirectiveRow[] = [];
  for (const r of consents) {
    if (r.content === undefined) continue;
    const row = directiveOf(JSON.parse(r.content) as FhirResource & { id: string });
    if (row) rows.push(row);
  }
  if (rows.length > 0) {
    await exec.query(
      `INSERT INTO consent_directive (patient_key, consent_id, kind, type, labels, actor, resource_types,
         period_start, period_end, recorded, status, active)
       SELECT u.patient_key, u.consent_id, u.kind, u.type, string_to_array(u.labels, E'\\x1f'), u.actor,
         string_to_array(u.resource_types, E'\\x1f'), u.period_start::timestamptz, u.period_end::timestamptz,
         u.recorded::timestamptz, u.status, false
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(patient_key, consent_id, kind, type, labels, actor, resource_types, period_start, period_end,
              recorded, status)`,
      [
        rows.map((r) => r.patientKey),
        rows.map((r) => r.consentId),
        rows.map((r) => r.kind),
        rows.map((r) => r.type),
        rows.map((r) => r.labels.join('\x1f')),
        rows.map((r) => r.actor),
        rows.map((r) => r.resourceTypes.join('\x1f')),
        rows.map((r) => r.periodStart),
        rows.map((r) => r.periodEnd),
        rows.map((r) => r.recorded),
        rows.map((r) => r.status),
      ],
    );
  }
  const patients = [
    ...new Set([...rows.map((r) => r.patientKey), ...consents.map((r) => r.patientKey ?? '')]),
  ];
  // In force: active status and, for choices a patient makes once, the newest of its kind.
  await exec.query(
    `UPDATE consent_directive d SET active = ranked.in_force
     FROM (SELECT consent_id, status = 'active' AND (kind = 'proxy-access' OR row_number() OVER (
             PARTITION BY patient_key, kind, status = 'active' ORDER BY recorded DESC NULLS LAST, consent_id DESC) = 1)
             AS in_force
           FROM consent_directive WHERE patient_key = ANY($1::text[])) ranked
     WHERE d.consent_id = ranked.consent_id AND d.active IS DISTINCT FROM ranked.in_force`,
    [patients],
  );
}
