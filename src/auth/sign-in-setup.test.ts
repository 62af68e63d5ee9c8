import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { OpenedStore } from '../store/index.js';
import { setUpSignIn } from './sign-in-setup.js';
import { generateSigningKey } from './signing-key.js';
import { mintToken } from './token-minter.js';

const ISSUER = 'https://heartwood.example/oidc';
const AUDIENCE = 'https://heartwood.example/fhir';
let dir: string;
let opened: OpenedStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartwood-rotation-'));
  opened = await openStore({ kind: 'pglite' });
});
afterAll(async () => {
  await opened.store.close();
  await rm(dir, { recursive: true, force: true });
});

const setUp = (previousKeysFile: string, key = generateSigningKey()) =>
  setUpSignIn({
    issuer: ISSUER,
    audience: AUDIENCE,
    dataDir: dir,
    key,
    previousKeysFile,
    db: opened.driver,
    accounts: [],
    webRedirectUris: ['https://heartwood.example/signed-in'],
  });

describe('key rotation', () => {
  it('accepts and publishes the previous key until it is dropped', async () => {
    const previous = generateSigningKey();
    const file = join(dir, 'previous.json');
    await writeFile(file, JSON.stringify({ keys: [previous.publicJwk] }));
    const current = generateSigningKey();
    const signIn = await setUp(file, current);
    expect(signIn.publicKeys.map((k) => k.kid)).toEqual([current.kid, previous.kid]);
    const old = await mintToken({ key: previous, issuer: ISSUER, audience: AUDIENCE }, { role: 'system' });
    await expect(
      signIn.authenticator.authenticate({ authorization: `Bearer ${old}` }),
    ).resolves.toMatchObject({
      role: 'system',
    });
    await writeFile(file, JSON.stringify({ keys: [] }));
    const after = await setUp(file, current);
    await expect(after.authenticator.authenticate({ authorization: `Bearer ${old}` })).rejects.toMatchObject({
      issues: [{ detailsCode: 'HW-AUTH-003' }],
    });
  });

  it('refuses a previous keys file holding private keys', async () => {
    const file = join(dir, 'leaky.json');
    await writeFile(file, JSON.stringify({ keys: [generateSigningKey().privateJwk] }));
    await expect(setUp(file)).rejects.toThrow(/public keys only/);
  });
});
