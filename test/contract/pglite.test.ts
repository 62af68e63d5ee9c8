import { openStore } from '../../src/store/index.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('PGlite (embedded)', () => openStore({ kind: 'pglite' }));
