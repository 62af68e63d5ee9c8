/** Analytics: SQL-on-FHIR v2 views (in memory and compiled to PostgreSQL) and the privacy core. */
export * from './sql-on-fhir/index.js';
export * from './privacy/index.js';
export * from './measures/index.js';
