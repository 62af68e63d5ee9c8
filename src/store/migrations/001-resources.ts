/**
 * Versioned resources. Layout chosen for Citus: patient-scoped tables carry `patient_key` (the id of the
 * patient whose compartment the resource is in; for resources outside any patient compartment, their
 * own id) in every primary key, so they can be distributed on it with co-located joins. `resource_id`
 * is the global id registry (unique per type + id), distributable on `id`.
 *
 * `resource` holds the current version of every resource (including deletion markers) with its content;
 * `resource_history` holds the superseded versions, so a create writes its content once.
 * Content is stored as the JSON text served to clients; search uses the index tables, not the content.
 */
export const migration001 = {
  version: 1,
  name: 'resources',
  sql: `
CREATE SEQUENCE resource_seq;

CREATE TABLE resource_id (
  resource_type text NOT NULL,
  id text NOT NULL,
  patient_key text NOT NULL,
  PRIMARY KEY (resource_type, id)
);

CREATE TABLE resource (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL,
  content text,
  PRIMARY KEY (patient_key, resource_type, id)
);
CREATE INDEX resource_type_id_idx ON resource (resource_type, id);
CREATE INDEX resource_type_seq_idx ON resource (resource_type, seq);
CREATE INDEX resource_seq_idx ON resource (seq);
CREATE INDEX resource_type_updated_idx ON resource (resource_type, last_updated);

CREATE TABLE resource_history (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL,
  content text,
  PRIMARY KEY (patient_key, resource_type, id, version_id)
);
CREATE INDEX resource_history_type_id_idx ON resource_history (resource_type, id, version_id);
CREATE INDEX resource_history_type_seq_idx ON resource_history (resource_type, seq);
CREATE INDEX resource_history_seq_idx ON resource_history (seq);

-- Token search index (identifier and other coded values); search parameters add tables of their own.
CREATE TABLE search_token (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  system text,
  code text
);
CREATE INDEX search_token_value_idx ON search_token (resource_type, param, code, system);
CREATE INDEX search_token_resource_idx ON search_token (resource_type, id);
`,
};
