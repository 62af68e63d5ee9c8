import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.js';
import { loadDemoData } from '../demo/index.js';
import { createMllpServer } from '../ingest/hl7v2/index.js';
import { createHeartwood } from '../main.js';
import type { CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';
import { count } from './text-format.js';

export const SERVE_HELP = `Usage: heartwood serve [--demo] [--port N] [--host ADDRESS] [--mllp-port N]

Starts the Heartwood server: the web app at /, the FHIR R4 API under /fhir.

Options:
  --demo          load the demo population on first start (only into a store without patients)
  --port N        port to listen on (default: PORT, else 8080; 0 picks a free port)
  --host ADDRESS  address to listen on (default: HOST, else 0.0.0.0)
  --mllp-port N   also accept HL7 v2 over MLLP on this port, on 127.0.0.1 (default: HEARTWOOD_MLLP_PORT;
                  unset: no listener). MLLP has no encryption or sign-in: expose it only through a
                  tunnel or a network you control
  -h, --help      show this help

The database is the embedded one in HEARTWOOD_DATA (default ./data), or PostgreSQL when
DATABASE_URL is set. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
`;

/** Runs the server until a stop signal; resolves with the exit code once everything is closed. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('serve', args, {
    demo: { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
    'mllp-port': { type: 'string' },
  });
  if (values.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  const port = intOption('serve', 'port', values.port, 0, 65535);
  const mllpPort = intOption(
    'serve',
    'mllp-port',
    values['mllp-port'] ?? io.env.HEARTWOOD_MLLP_PORT,
    0,
    65535,
  );
  const config = loadConfig(io.env, {
    ...(port !== undefined ? { port } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
  });
  if (values.demo) config.demo = true;

  const heartwood = await createHeartwood(config);
  // From here on a stop signal must close what was opened, even while still starting.
  let stopping: Promise<void> | undefined;
  let signalled!: (signal: NodeJS.Signals) => void;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
  const unlisten = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
    if (stopping) {
      io.stderr(`heartwood: ${signal} again while stopping; exiting now.\n`);
      process.exit(130);
    }
    signalled(signal);
  });
  try {
    let signal: NodeJS.Signals | undefined;
    if (config.demo) {
      const loading = loadDemoData({ service: heartwood.service });
      // Stopped mid-load, the store closes under it: that failure is expected, not unhandled.
      loading.catch(() => undefined);
      const demo = await Promise.race([loading, stopped]);
      if (typeof demo === 'string') signal = demo;
      else {
        io.stdout(
          demo.loaded
            ? `Loaded the demo data: ${count(demo.resources)} resources in ${demo.bundles} transactions.\n`
            : 'The store already holds patients: the demo data was not loaded.\n',
        );
      }
    }
    if (!signal) {
      await heartwood.app.listen({ port: config.port, host: config.host });
      const { port: bound } = heartwood.app.server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      io.stdout(`Heartwood is listening on ${url}\nFHIR base: ${url}/fhir\n`);
      const mllp =
        mllpPort === undefined
          ? undefined
          : createMllpServer({ service: heartwood.service, driver: heartwood.opened.driver });
      if (mllp) {
        const bound = await mllp.listen(mllpPort, '127.0.0.1');
        io.stdout(`HL7 v2 (MLLP) on ${bound.host}:${bound.port}\n`);
      }
      signal = await stopped;
      await mllp?.close();
    }
    io.stderr(`heartwood: ${signal} received, shutting down.\n`);
  } finally {
    stopping = heartwood.close();
    await stopping;
    unlisten();
  }
  return 0;
}
