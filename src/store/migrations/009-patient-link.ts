/**
 * The master patient index beside the records. `patient_link` holds links between Patient records of
 * one person (automatic, manual, or from a merge; a merge keeps the versions it replaced in `detail` so it can be
 * undone exactly); a link is never deleted, only ended, so who joined or
 * separated two records, when and why stays answerable. `patient_not_link` records a reviewer's
 * "different people" decision so the pair is never proposed again. `patient_link_review` names the
 * review Task of a pair so the linker opens at most one per pair. `patient_linker_state` keeps the
 * linker's watermark (the `resource.seq` it has read up to) and `linkage_model` the trained
 * Fellegi–Sunter parameters, newest last.
 */
export const migration009 = {
  version: 9,
  name: 'patient-link',
  sql: `
CREATE TABLE patient_link (
  link_id bigserial PRIMARY KEY,
  patient_id text NOT NULL,
  other_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('auto', 'manual', 'merge')),
  score double precision,
  state text NOT NULL CHECK (state IN ('active', 'ended')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  ended_at timestamptz,
  ended_by text,
  reason text,
  end_reason text,
  detail text,
  CHECK (patient_id <> other_id)
);
CREATE INDEX patient_link_patient_idx ON patient_link (patient_id);
CREATE INDEX patient_link_other_idx ON patient_link (other_id);
CREATE UNIQUE INDEX patient_link_active_idx
  ON patient_link (LEAST(patient_id, other_id), GREATEST(patient_id, other_id), kind)
  WHERE state = 'active';

CREATE TABLE patient_not_link (
  low_id text NOT NULL,
  high_id text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  reason text,
  PRIMARY KEY (low_id, high_id)
);

CREATE TABLE patient_link_review (
  low_id text NOT NULL,
  high_id text NOT NULL,
  task_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (low_id, high_id)
);
CREATE INDEX patient_link_review_task_idx ON patient_link_review (task_id);

CREATE TABLE patient_linker_state (
  name text PRIMARY KEY,
  seq bigint NOT NULL
);

CREATE TABLE linkage_model (
  model_id bigserial PRIMARY KEY,
  model text NOT NULL,
  report text,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
`,
};
