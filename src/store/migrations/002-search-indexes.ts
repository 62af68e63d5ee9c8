/**
 * Search index tables, one per search parameter type, holding rows for current versions only. Every
 * table carries `patient_key` so it distributes with `resource` (Citus), and every query joins on it.
 * Ranges are half-open [low, high); unbounded ends are stored as ±infinity so comparisons need no
 * NULL handling. Full text is indexed off the write path (tsvector and GIN cost ~200 µs a resource).
 */
export const migration002 = {
  version: 2,
  name: 'search-indexes',
  sql: `
ALTER TABLE search_token ADD COLUMN display text;
ALTER TABLE search_token ADD COLUMN type_system text;
ALTER TABLE search_token ADD COLUMN type_code text;

CREATE TABLE search_string (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  value text NOT NULL,
  norm text NOT NULL
);
CREATE INDEX search_string_norm_idx ON search_string (resource_type, param, norm text_pattern_ops);
CREATE INDEX search_string_resource_idx ON search_string (resource_type, id);

CREATE TABLE search_date (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  low timestamptz NOT NULL,
  high timestamptz NOT NULL
);
CREATE INDEX search_date_value_idx ON search_date (resource_type, param, low, high);
CREATE INDEX search_date_patient_idx ON search_date (patient_key, resource_type, param, low);
CREATE INDEX search_date_resource_idx ON search_date (resource_type, id);

CREATE TABLE search_number (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  value numeric NOT NULL,
  low numeric NOT NULL,
  high numeric NOT NULL
);
CREATE INDEX search_number_value_idx ON search_number (resource_type, param, value);
CREATE INDEX search_number_resource_idx ON search_number (resource_type, id);

CREATE TABLE search_quantity (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  value numeric NOT NULL,
  low numeric NOT NULL,
  high numeric NOT NULL,
  system text,
  code text,
  unit text
);
CREATE INDEX search_quantity_value_idx ON search_quantity (resource_type, param, code, value);
CREATE INDEX search_quantity_resource_idx ON search_quantity (resource_type, id);

CREATE TABLE search_reference (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  target_type text,
  target_id text,
  target_version text,
  url text,
  identifier_system text,
  identifier_value text
);
CREATE INDEX search_reference_target_idx ON search_reference (target_id, target_type, param, resource_type);
CREATE INDEX search_reference_source_idx ON search_reference (resource_type, id);
CREATE INDEX search_reference_url_idx ON search_reference (resource_type, param, url) WHERE url IS NOT NULL;

CREATE TABLE search_uri (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  value text NOT NULL
);
CREATE INDEX search_uri_value_idx ON search_uri (resource_type, param, value);
CREATE INDEX search_uri_resource_idx ON search_uri (resource_type, id);

CREATE TABLE search_composite (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  components jsonb NOT NULL
);
CREATE INDEX search_composite_param_idx ON search_composite (resource_type, param);
CREATE INDEX search_composite_resource_idx ON search_composite (resource_type, id);

CREATE TABLE search_text (
  patient_key text NOT NULL,
  resource_type text NOT NULL,
  id text NOT NULL,
  narrative tsvector,
  content tsvector NOT NULL
);
CREATE INDEX search_text_narrative_idx ON search_text USING gin (narrative);
CREATE INDEX search_text_content_idx ON search_text USING gin (content);
CREATE INDEX search_text_resource_idx ON search_text (resource_type, id);

-- Resources whose full-text rows are still to be built. Writes only queue them (cheap); a background
-- drain builds the tsvectors, and a _text/_content search drains the queue first, so results are
-- never stale.
CREATE TABLE search_text_pending (
  resource_type text NOT NULL,
  id text NOT NULL,
  PRIMARY KEY (resource_type, id)
);
`,
};
