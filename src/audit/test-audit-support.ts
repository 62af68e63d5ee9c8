import pg from 'pg';
import type { Principal } from '../auth/index.js';
import { openStore } from '../store/index.js';
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
  const name = `hw_audit_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const { driver } = await openStore({ kind: 'pg', connectionString: url.toString(), poolSize: 8 });
  return {
    driver,
    async close() {
      await driver.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
