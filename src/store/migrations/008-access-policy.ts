/**
 * What the policy engine reads besides resources. `break_glass_grant`: records opened by a clinician
 * without a care relationship, with the reason, until they expire (and their review by a privacy
 * officer). `consent_directive`: each patient's choices kept from their Consent resources in the same
 * transaction as the Consent, in the shape the access predicates join against.
 */
export const migration008 = {
  version: 8,
  name: 'access-policy',
  sql: `
CREATE TABLE break_glass_grant (
  id text PRIMARY KEY,
  subject text NOT NULL,
  agent_name text NOT NULL,
  agent_person text,
  agent_org text,
  patient_key text NOT NULL,
  reason_code text NOT NULL,
  reason_text text NOT NULL,
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by text,
  review_note text
);
CREATE INDEX break_glass_grant_subject_idx ON break_glass_grant (subject, expires_at);
CREATE INDEX break_glass_grant_review_idx ON break_glass_grant (reviewed_at, granted_at);

CREATE TABLE consent_directive (
  patient_key text NOT NULL,
  consent_id text NOT NULL PRIMARY KEY,
  kind text NOT NULL,
  type text NOT NULL,
  labels text[] NOT NULL,
  actor text,
  resource_types text[] NOT NULL,
  period_start timestamptz,
  period_end timestamptz,
  recorded timestamptz,
  status text NOT NULL,
  -- In force: status active and, except for proxy grants (one per carer), the newest of its kind.
  active boolean NOT NULL
);
CREATE INDEX consent_directive_kind_idx ON consent_directive (kind, type, patient_key) WHERE active;
CREATE INDEX consent_directive_patient_idx ON consent_directive (patient_key, kind);
`,
};
