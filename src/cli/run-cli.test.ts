import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../definitions/index.js';
import { generateDemoData } from '../demo/index.js';
import { frameMessage } from '../ingest/hl7v2/index.js';
import type { CliIo } from './cli-io.js';
import { runCli } from './run-cli.js';

interface FakeIo extends CliIo {
  out: string;
  err: string;
  signal(s: NodeJS.Signals): void;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

function fakeIo(env: NodeJS.ProcessEnv = {}): FakeIo {
  const handlers = new Set<(s: NodeJS.Signals) => void>();
  const io: FakeIo = {
    env,
    out: '',
    err: '',
    interactive: false,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    onSignal: (_signals, handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    signal: (s) => handlers.forEach((h) => h(s)),
    waitFor: async (pattern) => {
      for (let i = 0; i < 600; i++) {
        const m = pattern.exec(io.out);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${pattern}; stdout: ${io.out}; stderr: ${io.err}`);
    },
  };
  return io;
}

describe('heartwood CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heartwood-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints help for the program and for each command', async () => {
    let io = fakeIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/Usage: heartwood <command>/);
    for (const [cmd, pattern] of [
      ['serve', /heartwood serve/],
      ['import', /heartwood import PATH/],
      ['admin', /heartwood admin/],
    ] as const) {
      io = fakeIo();
      expect(await runCli([cmd, '--help'], io)).toBe(0);
      expect(io.out).toMatch(pattern);
    }
    io = fakeIo();
    expect(await runCli([], io)).toBe(2);
  });

  it('explains usage mistakes in one line, without a stack trace, with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['import'], /give at least one file or directory/],
      [['import', join(dir, 'missing.ndjson')], /missing\.ndjson: no such file or directory/],
      [['import', '--speed', '9', 'x.json'], /Unknown option '--speed'/],
      [['import', '--concurrency', 'lots', 'x.json'], /--concurrency must be a whole number/],
      [['import', '--keep-ids', '--server-ids', 'x.json'], /cannot be used together/],
      [['serve', '--port', '99999'], /--port must be a whole number from 0 to 65535/],
      [['admin', 'vacuum'], /unknown admin command "vacuum"/],
    ];
    for (const [argv, pattern] of cases) {
      const io = fakeIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err).toMatch(pattern);
      expect(io.err).toMatch(/Run "heartwood .*--help" for usage/);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });

  it('imports files into the configured store, reports failures with exit code 1, and counts what is there', async () => {
    const env = { HEARTWOOD_DATA: join(dir, 'import-data') };
    const good = join(dir, 'good.ndjson');
    const bad = join(dir, 'bad.ndjson');
    await writeFile(good, JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'female' }) + '\n');
    await writeFile(bad, JSON.stringify({ resourceType: 'Patient', id: 'p2', gender: 'sometimes' }) + '\n');

    let io = fakeIo(env);
    expect(await runCli(['import', good], io)).toBe(0);
    expect(io.out).toMatch(/Imported 1 resources from 1 file/);

    io = fakeIo(env);
    expect(await runCli(['import', '--concurrency', '2', good, bad], io)).toBe(1);
    expect(io.out).toMatch(/Failures \(1\):\n {2}.*bad\.ndjson:1 \(400\): .+/);

    io = fakeIo(env);
    expect(await runCli(['admin', 'stats'], io)).toBe(0);
    expect(io.out).toMatch(/Patient\s+1\s+0\s+1/);

    io = fakeIo(env);
    expect(await runCli(['admin', 'reindex'], io)).toBe(0);
    expect(io.out).toMatch(/Reindexed 1 resources \(1 full-text\)/);

    io = fakeIo(env);
    expect(await runCli(['admin', 'migrate'], io)).toBe(0);
    expect(io.out).toMatch(/Nothing to apply/);
    expect(io.out).toMatch(/1\s+resources/);

    io = fakeIo({ HEARTWOOD_DATA: join(dir, 'fresh-data') });
    expect(await runCli(['admin', 'migrate'], io)).toBe(0);
    expect(io.out).toMatch(/Applied \d+ migrations?: 1 \(resources\)/);
  });

  it('serves with demo data, loads it only once, and stops cleanly on SIGTERM', async () => {
    // The public address fixes the token issuer, so `admin token` signs for this very server.
    const env = {
      HEARTWOOD_DATA: join(dir, 'serve-data'),
      LOG_LEVEL: 'silent',
      HEARTWOOD_PUBLIC_URL: 'http://heartwood.test',
    };
    const demo = generateDemoData();

    const io = fakeIo(env);
    const running = runCli(['serve', '--demo', '--port', '0', '--host', '127.0.0.1'], io);
    const [, base] = await io.waitFor(/FHIR base: (\S+)\n/);
    expect(io.out).toMatch(/Loaded the demo data: [\d,]+ resources/);
    expect((await fetch(`${base}/Patient/${demo.multiSourcePatientId}`)).status).toBe(401);
    const tokenIo = fakeIo(env);
    expect(await runCli(['admin', 'token', '--role', 'system'], tokenIo)).toBe(0);
    const authorization = `Bearer ${tokenIo.out.trim()}`;
    const r = await fetch(`${base}/Patient/${demo.multiSourcePatientId}`, { headers: { authorization } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { identifier: { value: string }[] }).identifier[0]!.value).toMatch(/^999/);
    io.signal('SIGTERM');
    expect(await running).toBe(0);
    expect(io.err).toMatch(/SIGTERM received, shutting down/);

    const again = fakeIo(env);
    const second = runCli(['serve', '--demo', '--port', '0', '--host', '127.0.0.1'], again);
    await again.waitFor(/FHIR base/);
    expect(again.out).toMatch(/already holds patients/);
    again.signal('SIGINT');
    expect(await second).toBe(0);
  });

  it('imports HL7 v2 files, and serve --mllp-port acknowledges messages over MLLP after storing them', async () => {
    const fixtures = join(findProjectRoot(), 'test', 'fixtures', 'hl7v2');
    const env = { HEARTWOOD_DATA: join(dir, 'hl7-data'), LOG_LEVEL: 'silent' };
    let io = fakeIo(env);
    expect(
      await runCli(
        ['hl7', 'import', join(fixtures, 'adt-a01.hl7'), join(fixtures, 'oru-r01-glucose.hl7')],
        io,
      ),
    ).toBe(0);
    expect(io.out).toMatch(/Processed 2 messages from 2 files: AA 2/);

    io = fakeIo(env);
    const running = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--mllp-port', '0'], io);
    const [, port] = await io.waitFor(/HL7 v2 \(MLLP\) on 127\.0\.0\.1:(\d+)\n/);
    const message = await readFile(join(fixtures, 'adt-a08.hl7'), 'utf8');
    const ack = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(frameMessage(message)));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString('utf8');
        if (data.includes('\x1c\r')) {
          socket.end();
          resolve(data);
        }
      });
      socket.on('error', reject);
    });
    expect(ack).toMatch(/MSA\|AA\|/);
    io.signal('SIGTERM');
    expect(await running).toBe(0);
  });

  it('runs a ViewDefinition over the store with view run, in CSV or NDJSON', async () => {
    const env = { HEARTWOOD_DATA: join(dir, 'view-data') };
    const data = join(dir, 'view-patients.ndjson');
    await writeFile(
      data,
      [
        { resourceType: 'Patient', id: 'v1', name: [{ family: 'Okafor' }], birthDate: '1980-01-02' },
        { resourceType: 'Patient', id: 'v2', name: [{ family: 'Smith, Jr' }] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    expect(await runCli(['import', data], fakeIo(env))).toBe(0);
    const view = join(dir, 'patients.view.json');
    await writeFile(
      view,
      JSON.stringify({
        resourceType: 'ViewDefinition',
        resource: 'Patient',
        status: 'active',
        select: [
          {
            column: [
              { name: 'id', path: 'id' },
              { name: 'family', path: 'name.first().family' },
            ],
          },
        ],
      }),
    );
    let io = fakeIo(env);
    expect(await runCli(['view', 'run', view], io)).toBe(0);
    expect(io.out.split('\r\n').filter(Boolean).sort()).toEqual(['id,family', 'v1,Okafor', 'v2,"Smith, Jr"']);
    expect(io.err).toMatch(/ran on the SQL engine/);
    io = fakeIo(env);
    expect(await runCli(['view', 'run', view, '--format', 'ndjson', '--limit', '1'], io)).toBe(0);
    expect(io.out.trim().split('\n')).toHaveLength(1);
    io = fakeIo(env);
    expect(await runCli(['view', 'run', join(dir, 'missing.json')], io)).toBe(2);
    expect(io.err).toMatch(/cannot read the view/);
  });
});
