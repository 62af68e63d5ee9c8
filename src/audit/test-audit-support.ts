import type { Principal } from '../auth/index.js';
import { openStore, scratchDatabase } from '../store/index.js';
import type { SqlDriver } from '../store/index.js';
import type { AuditRecord } from './audit-record.js';

/**
 * A migrated database of its own for one test: in-memory PGlite, or a fresh database on the server
 * TEST_DATABASE_URL names (dropped on close), so the audit tests also run against PostgreSQL.
 */
export async function auditTestDatabase(): Promise<{ driver: SqlDriver; close(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const { driver } = await openStore({ kind: 'pglite' });
    return { driver, close: () => driver.close() };
  }
  const db = await scratchDatabase(server, 'audit');
  const { driver } = await openStore({ kind: 'pg', connectionString: db.url, poolSize: 8 });
  return {
    driver,
    async close() {
      await driver.close();
      await db.drop();
    },
  };
}

export const clinician: Principal = {
  subject: 'idp|amina',
  role: 'clinician',
  name: 'Dr Amina Shah',
  person: 'Practitioner/amina',
  organization: 'rgt',
  organizationName: 'Riverside General',
  scopes: [],
  address: '10.0.0.7',
};

export function readOf(patient: string, n: number, principal: Principal = clinician): AuditRecord {
  return {
    action: 'R',
    subtype: 'read',
    outcome: '0',
    principal,
    patients: [patient],
    entities: [`Observation/o${n}/_history/1`],
    query: `GET Observation/o${n}`,
    purposeOfUse: 'TREAT',
  };
}

/** Every stored record's id, rows and block records alike, in the order they were appended. */
export async function storedIds(driver: SqlDriver): Promise<string[]> {
  const r = await driver.query<{ id: string }>(
    `SELECT id FROM (
       SELECT seq::text AS id, seq, 0::bigint AS i FROM audit_event
       UNION ALL
       SELECT b.seq || '-' || (e.i - 1), b.seq, e.i FROM audit_block b,
         json_array_elements(b.records::json) WITH ORDINALITY AS e(v, i)
     ) x ORDER BY seq, i`,
  );
  return r.rows.map((row) => row.id);
}

/** Every stored record's place (`chain:pos`), rows and block records alike, by chain and position. */
export async function storedPlaces(driver: SqlDriver): Promise<string[]> {
  const r = await driver.query<{ place: string }>(
    `SELECT chain || ':' || pos AS place FROM (
       SELECT chain, pos FROM audit_event
       UNION ALL
       SELECT b.chain, (e.v->>0)::bigint FROM audit_block b, json_array_elements(b.records::json) AS e(v)
     ) x ORDER BY chain, pos`,
  );
  return r.rows.map((row) => row.place);
}
