/**
 * The audit trail: one row per audited interaction, as a FHIR AuditEvent, in a hash chain whose tip
 * lives in `audit_head`. `seq` is handed out from the head row under its lock (not from a sequence,
 * which leaves gaps on rollback), so a gap in `seq` always means a removed record.
 *
 * Patients are indexed in a side table rather than with a GIN index on `patient_ids`: "who accessed my
 * record" reads newest first in keyset pages, which `(patient_id, seq)` answers with one ordered index
 * range scan, where a GIN index has to collect and sort every match (see docs/benchmarks.md).
 *
 * Both tables refuse UPDATE, DELETE and TRUNCATE: records are only ever appended. Someone who can
 * disable the triggers can still tamper, and `heartwood audit verify` then finds it from the chain.
 */
export const migration007 = {
  version: 7,
  name: 'audit',
  sql: `
CREATE TABLE audit_event (
  seq bigint PRIMARY KEY,
  recorded timestamptz NOT NULL,
  subtype text NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL,
  agent_subject text NOT NULL,
  agent_person text,
  agent_org text,
  patient_ids text[] NOT NULL,
  purpose text,
  content text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE TABLE audit_patient (
  patient_id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (patient_id, seq)
);

CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE INDEX audit_event_agent_subject ON audit_event (agent_subject, seq);

CREATE INDEX audit_event_agent_person ON audit_event (agent_person, seq) WHERE agent_person IS NOT NULL;

CREATE INDEX audit_event_agent_org ON audit_event (agent_org, seq) WHERE agent_org IS NOT NULL;

-- Records arrive in time order, so a BRIN index answers time ranges at almost no cost per insert;
-- subtype is only ever searched together with an agent, organisation, patient or time.
CREATE INDEX audit_event_recorded ON audit_event USING brin (recorded);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_patient_append_only BEFORE UPDATE OR DELETE ON audit_patient
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_patient_no_truncate BEFORE TRUNCATE ON audit_patient
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
`,
};
