import { describe, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runStoreContract } from './store-contract.js';

const url = process.env.DATABASE_URL;
if (url) {
  runStoreContract('PostgreSQL (pg)', () => openStore({ kind: 'pg', connectionString: url }));
} else {
  describe('ResourceStore contract: PostgreSQL (pg)', () => {
    it.skip('needs DATABASE_URL (CI starts its own server)', () => undefined);
  });
}
