import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKey, mintToken } from '../src/auth/index.js';
import type { HttpTarget } from './http-client.js';

export interface ServerProcess extends HttpTarget {
  /** FHIR base URL, e.g. http://127.0.0.1:40123/fhir */
  base: string;
  pid: number;
  /** Peak resident memory of the server so far, in MiB (Linux only). */
  peakRssMiB(): number | undefined;
  stop(): Promise<void>;
}

// dist/bench/server-process.js → dist/src/cli/heartwood.js: the built binary, as users run it.
const CLI = fileURLToPath(new URL('../src/cli/heartwood.js', import.meta.url));

/**
 * Runs `heartwood serve` in its own process on a free loopback port, so the load generator never
 * shares the server's event loop or CPU accounting.
 */
export async function startServer(dbEnv: Record<string, string | undefined>): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.HEARTWOOD_DATA;
  delete env.PORT;
  Object.assign(env, dbEnv);
  // Authentication is always on: the benchmark is a backend service with a key the server trusts.
  const keyDir = mkdtempSync(join(tmpdir(), 'heartwood-bench-key-'));
  const key = generateSigningKey();
  const keyFile = join(keyDir, 'signing-key.json');
  writeFileSync(keyFile, JSON.stringify(key.privateJwk), { mode: 0o600 });
  const publicUrl = 'http://127.0.0.1';
  // The benchmark measures capacity: the per-client rate limit (a production safeguard) is off.
  Object.assign(env, {
    HEARTWOOD_SIGNING_KEY_FILE: keyFile,
    HEARTWOOD_PUBLIC_URL: publicUrl,
    HEARTWOOD_RATE_LIMIT: '0',
  });
  const token = await mintToken(
    { key, issuer: `${publicUrl}/oidc`, audience: `${publicUrl}/fhir` },
    { role: 'system', name: 'Benchmark', clientId: 'heartwood-bench', ttlSeconds: 24 * 3600 },
  );
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 120 s:\n${stderr}`)),
      120_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /FHIR base: (\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before it was ready:\n${stderr}`));
    });
  });
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  return {
    base,
    headers: { authorization: `Bearer ${token}` },
    pid: child.pid!,
    peakRssMiB: () => peakRss(child.pid!),
    stop: async () => {
      await stop(child);
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

function peakRss(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
