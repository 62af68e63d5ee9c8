import type { Migration } from './index.js';
import { whereLz4 } from './where-lz4.js';

/**
 * Audit blocks compressed with LZ4 where the server has it. A block of search records (each lists the
 * resources its page returned) is kilobytes of near-repeating references; stored raw (migration 014)
 * a block filled several TOAST chunks, each a heap row and an index entry. LZ4 costs the database
 * less than writing those: on the guard benchmark, database CPU per guarded search fell by about
 * 9 µs and per guarded read by about 3 µs (docs/benchmarks.md). pglz, PostgreSQL's built-in method,
 * was measured to cost more than it saves (migration 012), so where LZ4 is missing (a server built
 * without it, the embedded PGlite) blocks stay as they were. Blocks written before keep their form;
 * PostgreSQL reads both.
 */
export const migration015: Migration = {
  version: 15,
  name: 'audit-block-lz4',
  sql: whereLz4([
    'ALTER TABLE audit_block ALTER COLUMN records SET COMPRESSION lz4',
    'ALTER TABLE audit_block ALTER COLUMN records SET STORAGE EXTENDED',
  ]),
};
