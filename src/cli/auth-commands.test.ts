import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommand } from './admin-command.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartwood-auth-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function io(): CliIo & { out: string } {
  const o = {
    out: '',
    env: { HEARTWOOD_DATA: join(dir, 'data'), HEARTWOOD_PUBLIC_URL: 'https://heartwood.example' },
    stdout: (text: string) => void (o.out += text),
    stderr: () => undefined,
    interactive: false,
    onSignal: () => () => undefined,
  };
  return o;
}

describe('heartwood admin token', () => {
  it('prints only a token for the server at HEARTWOOD_PUBLIC_URL, with the role and context asked for', async () => {
    const o = io();
    expect(
      await adminCommand(
        ['token', '--role', 'proxy', '--patient', 'pat-1', '--person', 'RelatedPerson/rp-1'],
        o,
      ),
    ).toBe(0);
    const claims = decodeJwt(o.out.trim());
    expect(claims).toMatchObject({
      iss: 'https://heartwood.example/oidc',
      aud: 'https://heartwood.example/fhir',
      heartwood_role: 'proxy',
      patient: 'pat-1',
      fhirUser: 'RelatedPerson/rp-1',
      scope: 'patient/*.rs',
    });
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
  });

  it('refuses unknown roles, patient tokens without a patient and lifetimes over a day', async () => {
    await expect(adminCommand(['token', '--role', 'root'], io())).rejects.toBeInstanceOf(UsageError);
    await expect(adminCommand(['token', '--role', 'patient'], io())).rejects.toBeInstanceOf(UsageError);
    await expect(adminCommand(['token', '--role', 'gp', '--ttl', 'soon'], io())).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(adminCommand(['token', '--role', 'gp', '--ttl', '2d'], io())).rejects.toThrow(/24 hours/);
  });
});

describe('heartwood admin client', () => {
  it('adds, lists and removes a backend client', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwksFile = join(dir, 'lab.jwks.json');
    await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] }));
    let o = io();
    expect(
      await adminCommand(
        [
          'client',
          'add',
          '--id',
          'lab-system',
          '--jwks',
          jwksFile,
          '--role',
          'source',
          '--organization',
          'R9A',
        ],
        o,
      ),
    ).toBe(0);
    expect(o.out).toBe('Registered backend client lab-system.\n');
    o = io();
    expect(await adminCommand(['client', 'list'], o)).toBe(0);
    expect(o.out).toMatch(/lab-system\s+source\s+R9A\s+system\/\*\.cru/);
    o = io();
    expect(await adminCommand(['client', 'remove', '--id', 'lab-system'], o)).toBe(0);
    o = io();
    await adminCommand(['client', 'list'], o);
    expect(o.out).toBe('No backend clients are registered.\n');
    await expect(
      adminCommand(['client', 'add', '--id', 'x-1', '--jwks', jwksFile, '--role', 'gp'], io()),
    ).rejects.toBeInstanceOf(UsageError);
  }, 60_000);
});
