/**
 * Bulk Data `$export` jobs and their NDJSON output. Jobs run in the background of the process that
 * accepted them; keeping state in the database lets any process answer status and file requests, and
 * parts of at most ~10,000 resources keep both the writer's memory and each download bounded.
 */
export const migration006 = {
  version: 6,
  name: 'bulk-export',
  sql: `
CREATE TABLE bulk_export_job (
  id text PRIMARY KEY,
  status text NOT NULL,
  request text NOT NULL,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  error text,
  output jsonb
);

CREATE TABLE bulk_export_file (
  job_id text NOT NULL,
  resource_type text NOT NULL,
  part int NOT NULL,
  content text NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (job_id, resource_type, part)
);
`,
};
