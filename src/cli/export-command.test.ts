import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentResource } from '../consent/index.js';
import type { CliIo } from './cli-io.js';
import { runCli } from './run-cli.js';

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const io = {
    env,
    out: '',
    err: '',
    interactive: false,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    onSignal: () => () => undefined,
  } satisfies CliIo & { out: string; err: string };
  return io;
}

const ids = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id)
    .sort();

describe('heartwood export', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heartwood-export-'));
    env = { HEARTWOOD_DATA: join(dir, 'data') };
    const resources = [
      { resourceType: 'Patient', id: 'ex-p1' },
      { resourceType: 'Patient', id: 'ex-p2' },
      {
        resourceType: 'Observation',
        id: 'ex-o1',
        status: 'final',
        code: { text: 'a' },
        subject: { reference: 'Patient/ex-p1' },
      },
      {
        resourceType: 'Observation',
        id: 'ex-o2',
        status: 'amended',
        code: { text: 'b' },
        subject: { reference: 'Patient/ex-p2' },
      },
      { resourceType: 'Organization', id: 'ex-org', name: 'Practice' },
      {
        ...consentResource({
          kind: 'national-data-opt-out',
          patientId: 'ex-p2',
          dateTime: '2025-01-01T00:00:00Z',
        }),
        id: 'ex-c',
      },
      {
        resourceType: 'Group',
        id: 'ex-g',
        type: 'person',
        actual: true,
        member: [{ entity: { reference: 'Patient/ex-p1' } }],
      },
    ];
    const file = join(dir, 'in.ndjson');
    await writeFile(file, resources.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const io = fakeIo(env);
    expect(await runCli(['import', file], io), io.err).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one NDJSON file per type and a summary', async () => {
    const out = join(dir, 'all');
    const io = fakeIo(env);
    expect(await runCli(['export', '--out', out], io), io.err).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'Consent.ndjson',
      'Group.ndjson',
      'Observation.ndjson',
      'Organization.ndjson',
      'Patient.ndjson',
    ]);
    expect(await ids(join(out, 'Patient.ndjson'))).toEqual(['ex-p1', 'ex-p2']);
    expect(io.err).toMatch(/export: 7 resources of 5 types in [0-9.]+ s/);
  });

  it('applies types, filters, groups, patients and the opt-out of a research purpose', async () => {
    const run = async (name: string, ...args: string[]) => {
      const out = join(dir, name);
      const io = fakeIo(env);
      expect(await runCli(['export', '--out', out, ...args], io), io.err).toBe(0);
      return out;
    };
    let out = await run('typed', '--type', 'Observation', '--type-filter', 'Observation?status=final');
    expect(await readdir(out)).toEqual(['Observation.ndjson']);
    expect(await ids(join(out, 'Observation.ndjson'))).toEqual(['ex-o1']);
    out = await run('research', '--type', 'Patient,Observation', '--purpose', 'research');
    expect(await ids(join(out, 'Patient.ndjson'))).toEqual(['ex-p1']);
    expect(await ids(join(out, 'Observation.ndjson'))).toEqual(['ex-o1']);
    out = await run('group', '--group', 'ex-g', '--type', 'Patient');
    expect(await ids(join(out, 'Patient.ndjson'))).toEqual(['ex-p1']);
    out = await run('patient', '--patient', 'ex-p2', '--type', 'Patient,Observation');
    expect(await ids(join(out, 'Observation.ndjson'))).toEqual(['ex-o2']);
  });

  it('materialises a view into the analytics schema and refreshes it (heartwood view)', async () => {
    const file = join(dir, 'view.json');
    await writeFile(
      file,
      JSON.stringify({
        resourceType: 'ViewDefinition',
        name: 'cli_patients',
        status: 'active',
        resource: 'Patient',
        select: [{ column: [{ name: 'id', path: 'getResourceKey()', type: 'id' }] }],
      }),
    );
    let io = fakeIo(env);
    expect(await runCli(['view', 'materialise', file], io), io.err).toBe(0);
    // ex-p2 has the national data opt-out.
    expect(io.err).toMatch(
      /analytics\.cli_patients holds 1 rows, built in .* national data opt-outs left out/,
    );
    io = fakeIo(env);
    expect(
      await runCli(['view', 'materialise', file, '--name', 'cli_all', '--direct-care'], io),
      io.err,
    ).toBe(0);
    expect(io.err).toMatch(/analytics\.cli_all holds 2 rows/);
    io = fakeIo(env);
    expect(await runCli(['view', 'refresh', 'cli_patients'], io), io.err).toBe(0);
    expect(io.err).toMatch(/analytics\.cli_patients holds 1 rows/);
    io = fakeIo(env);
    expect(await runCli(['view', 'refresh', 'nothing_here'], io)).toBe(1);
    expect(io.err).toMatch(/There is no materialised view nothing_here/);
  });

  it('explains mistakes in one line', async () => {
    const cases: [string[], number, RegExp][] = [
      [['export'], 2, /--out DIR is required/],
      [['export', '--out', dir, '--type', 'Nope'], 1, /Nope is not a resource type/],
      [
        ['export', '--out', dir, '--purpose', 'marketing'],
        1,
        /_purpose must be direct-care, research or planning/,
      ],
      [['export', '--out', dir, '--group', 'no-such-group'], 1, /There is no Group no-such-group/],
      [['export', '--out', dir, '--type-filter', 'Observation?nope=1'], 1, /nope/],
    ];
    for (const [argv, code, pattern] of cases) {
      const io = fakeIo(env);
      expect(await runCli(argv, io), argv.join(' ')).toBe(code);
      expect(io.err).toMatch(pattern);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });
});
