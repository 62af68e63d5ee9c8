/**
 * Materialised SQL-on-FHIR views: each view's rows as a plain table in the `analytics` schema (so
 * analysts and BI tools query them with ordinary SQL and grants), and a registry saying which view
 * built each table, when, how many rows, and whether national data opt-outs were left out.
 */
export const migration010 = {
  version: 10,
  name: 'analytics',
  sql: `
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TABLE analytics_view (
  name text PRIMARY KEY,
  view jsonb NOT NULL,
  secondary_use boolean NOT NULL,
  refreshed_at timestamptz NOT NULL,
  row_count bigint NOT NULL
);
`,
};
