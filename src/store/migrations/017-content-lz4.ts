import type { Migration } from './index.js';
import { whereLz4 } from './where-lz4.js';

/**
 * Resources' JSON compressed with LZ4 where the server has it. About one resource in eight is over
 * the 2 kB at which PostgreSQL compresses a value (in the Synthea sample, 45 % of the bytes), with
 * pglz by default; LZ4 compresses and decompresses for less. Where LZ4 is missing (a server built
 * without it, the embedded PGlite) nothing changes. Versions written before keep their form.
 */
export const migration017: Migration = {
  version: 17,
  name: 'content-lz4',
  sql: whereLz4([
    'ALTER TABLE resource ALTER COLUMN content SET COMPRESSION lz4',
    'ALTER TABLE resource_history ALTER COLUMN content SET COMPRESSION lz4',
  ]),
};
