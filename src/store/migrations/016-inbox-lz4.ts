import type { Migration } from './index.js';
import { whereLz4 } from './where-lz4.js';

/**
 * HL7 v2 messages kept in the inbox compressed with LZ4 where the server has it. Most messages are
 * 2–8 kB, so PostgreSQL compresses them as they are written, with pglz by default, whose cost was a
 * good part of the database's time on each inbox row; LZ4 does it for less. Where LZ4 is missing (a
 * server built without it, the embedded PGlite) nothing changes. Rows written before keep their form.
 */
export const migration016: Migration = {
  version: 16,
  name: 'inbox-lz4',
  sql: whereLz4(['ALTER TABLE hl7v2_message ALTER COLUMN raw SET COMPRESSION lz4']),
};
