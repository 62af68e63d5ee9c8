import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backendClientMetadata } from './oidc/backend-clients.js';
import { GENERATED_KEY_FILE, loadSigningKey } from './signing-key.js';
import { parseDuration } from './token-minter.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartwood-keys-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadSigningKey', () => {
  it('generates a key on first start, readable by its owner only, and reuses it afterwards', async () => {
    const first = await loadSigningKey({ dataDir: dir });
    const path = join(dir, GENERATED_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
    const second = await loadSigningKey({ dataDir: dir });
    expect(second.kid).toBe(first.kid);
    expect(first.alg).toBe('ES256');
    // The published half holds no private material.
    expect(first.publicJwk).not.toHaveProperty('d');
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty('d');
  });

  it('reads a configured PEM key and picks the algorithm from its type', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(dir, 'key.pem');
    await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const key = await loadSigningKey({ file, dataDir: dir });
    expect(key.alg).toBe('RS256');
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', kid: key.kid, use: 'sig' });
  });

  it('refuses weak or public keys', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weak = join(dir, 'weak.pem');
    await writeFile(weak, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await expect(loadSigningKey({ file: weak, dataDir: dir })).rejects.toThrow(/2048/);
    const pub = join(dir, 'public.pem');
    await writeFile(pub, publicKey.export({ format: 'pem', type: 'spki' }));
    await expect(loadSigningKey({ file: pub, dataDir: dir })).rejects.toThrow();
  });
});

describe('backend client registration', () => {
  const jwks = { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', kid: 'k1' }] };

  it('registers client_credentials with private_key_jwt, and the role default scopes', () => {
    expect(backendClientMetadata({ clientId: 'lab-1', role: 'source', jwks })).toMatchObject({
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      heartwood_role: 'source',
      heartwood_scope: 'system/*.cru',
    });
  });

  it('refuses private keys, non-system scopes, interactive roles and plain-http key URLs', () => {
    const privateJwks = { keys: [{ ...jwks.keys[0], d: 'secret' }] };
    expect(() => backendClientMetadata({ clientId: 'lab-1', role: 'source', jwks: privateJwks })).toThrow(
      /public keys/,
    );
    expect(() =>
      backendClientMetadata({ clientId: 'lab-1', role: 'source', jwks, scope: 'patient/*.rs' }),
    ).toThrow(/system/);
    expect(() => backendClientMetadata({ clientId: 'lab-1', role: 'gp' as 'source', jwks })).toThrow(/role/);
    expect(() =>
      backendClientMetadata({ clientId: 'lab-1', role: 'system', jwksUri: 'http://keys.example/jwks' }),
    ).toThrow(/https/);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect([parseDuration('90'), parseDuration('15m'), parseDuration('1h'), parseDuration('2d')]).toEqual([
      90, 900, 3600, 172800,
    ]);
    expect(() => parseDuration('soon')).toThrow();
  });
});
