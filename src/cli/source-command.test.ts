import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommand } from './admin-command.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

let dir: string;
let jwksFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartwood-source-cli-'));
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  jwksFile = join(dir, 'jwks.json');
  await writeFile(
    jwksFile,
    JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' }] }),
  );
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

describe('heartwood admin source', () => {
  it('registers a source system once (organisation, endpoint and client) and lists it', async () => {
    const args = [
      'source',
      'add',
      '--id',
      'kirkgate-gp',
      '--name',
      'Kirkgate GP system',
      '--ods',
      'y99901',
      '--jwks',
      jwksFile,
    ];
    const first = io();
    expect(await adminCommand(args, first)).toBe(0);
    expect(first.out).toContain('meta.source https://heartwood.nhs.example/source/client/kirkgate-gp');
    expect(await adminCommand(args, io())).toBe(0);
    const listed = io();
    expect(await adminCommand(['source', 'list'], listed)).toBe(0);
    expect(listed.out.match(/kirkgate-gp/g)).toHaveLength(1);
    expect(listed.out).toContain('Y99901');
    const clients = io();
    expect(await adminCommand(['client', 'list'], clients)).toBe(0);
    expect(clients.out).toMatch(/kirkgate-gp\s+source/);
  }, 120_000);

  it('needs an id, a name, an ODS code and keys', async () => {
    await expect(adminCommand(['source', 'add', '--id', 'x1y', '--name', 'X'], io())).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(
      adminCommand(['source', 'add', '--id', 'x1y', '--name', 'X', '--ods', 'RGT'], io()),
    ).rejects.toThrow(/keys/);
  });
});
