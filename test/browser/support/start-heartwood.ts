import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../../../src/auth/index.js';
import type { MintRequest } from '../../../src/auth/index.js';
import { authIssuer, fhirAudience, loadConfig } from '../../../src/config.js';
import { generateDemoData, loadDemoData } from '../../../src/demo/index.js';
import type { DemoData } from '../../../src/demo/index.js';
import { hasWebApp, registerWebApp } from '../../../src/http/web-app.js';
import { createHeartwood } from '../../../src/main.js';
import type { Heartwood } from '../../../src/main.js';

export interface RunningHeartwood {
  heartwood: Heartwood;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  demo: DemoData;
  /** An access token as Heartwood's own sign-in would issue it, for any role and person. */
  token(request: MintRequest): Promise<string>;
  close(): Promise<void>;
}

/** A free port on the loopback interface: the server's public address must be known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A real Heartwood, as `heartwood serve --demo` runs it, on a fresh embedded database in a temporary
 * directory, with the demo population and demo sign-in accounts, the web app served from
 * `webDistDir`, listening on the loopback interface at the address its sign-in redirects to.
 */
export async function startHeartwood(webDistDir: string): Promise<RunningHeartwood> {
  const dataDir = await mkdtemp(join(tmpdir(), 'heartwood-browser-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Only what the test sets: a DATABASE_URL in the caller's environment must not send the demo to a
  // real server.
  const config = loadConfig(
    { HEARTWOOD_PUBLIC_URL: url },
    { dataDir, port, host: '127.0.0.1', demo: true, logLevel: 'silent' },
  );
  const heartwood = await createHeartwood(config, { logger: false });
  const demo = generateDemoData();
  try {
    // Until buildApp serves the web app itself, the tests add it; once it does, they use its own.
    if (!hasWebApp(heartwood.app)) registerWebApp(heartwood.app, { distDir: webDistDir });
    await loadDemoData({ service: heartwood.service }, demo);
    await heartwood.app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await heartwood.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const mint = { key: heartwood.signIn.key, issuer: authIssuer(config), audience: fhirAudience(config) };
  return {
    heartwood,
    url,
    demo,
    token: (request) => mintToken(mint, { clientId: 'heartwood-web', ttlSeconds: 3600, ...request }),
    async close() {
      await heartwood.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
