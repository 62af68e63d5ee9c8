import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
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
  close(): Promise<void>;
}

/**
 * A real Heartwood, as `heartwood serve --demo` runs it, on a fresh embedded database in a temporary
 * directory, with the demo population loaded and the web app served from `webDistDir`, listening on
 * a free port of the loopback interface.
 */
export async function startHeartwood(webDistDir: string): Promise<RunningHeartwood> {
  const dataDir = await mkdtemp(join(tmpdir(), 'heartwood-browser-'));
  // An empty environment: a DATABASE_URL in the caller's must not send the demo to a real server.
  const config = loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', demo: true, logLevel: 'silent' });
  const heartwood = await createHeartwood(config, { logger: false });
  const demo = generateDemoData();
  try {
    // Until buildApp serves the web app itself, the tests add it; once it does, they use its own.
    if (!hasWebApp(heartwood.app)) registerWebApp(heartwood.app, { distDir: webDistDir });
    await loadDemoData({ service: heartwood.service }, demo);
    await heartwood.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await heartwood.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = heartwood.app.server.address() as AddressInfo;
  return {
    heartwood,
    url: `http://127.0.0.1:${port}`,
    demo,
    async close() {
      await heartwood.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
