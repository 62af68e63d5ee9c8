import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
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
    pid: child.pid!,
    peakRssMiB: () => peakRss(child.pid!),
    stop: () => stop(child),
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
