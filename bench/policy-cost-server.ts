import { systemPrincipal } from '../src/auth/index.js';
import type { Principal } from '../src/auth/index.js';
import { buildApp } from '../src/http/index.js';
import type { FhirService } from '../src/rest/index.js';
import { openStore } from '../src/store/index.js';
import { benchGp, guardServices } from './guard-services.js';

/**
 * The server half of `policy-cost --http`, in a process of its own so the load generator never
 * shares its event loop or its CPU accounting: the benchmark's store served over HTTP three ways, each
 * on a loopback port of its own — with no guard, guarded as Heartwood itself, and guarded as a GP.
 * Each port's caller is fixed (no token is verified on any of them: sign-in is not what is measured,
 * and it would cost all three alike). Prints the ports as one JSON line, then serves until stdin closes.
 *
 *   DATABASE_URL=… POLICY_COST_PRACTICE=<Organization id> node dist/bench/policy-cost-server.js
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const practice = process.env.POLICY_COST_PRACTICE;
  if (!url || !practice) throw new Error('DATABASE_URL and POLICY_COST_PRACTICE are needed');
  const opened = await openStore({ kind: 'pg', connectionString: url, poolSize: 20 });
  const { guarded, bare } = guardServices(opened, 'http://bench/fhir');
  const serve = async (service: FhirService, principal: Principal) => {
    const app = buildApp({
      service,
      baseUrl: 'http://bench/fhir',
      auth: { authenticate: async () => principal },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { app, port: address.port };
  };
  const served = {
    bare: await serve(bare, systemPrincipal()),
    system: await serve(guarded, systemPrincipal()),
    gp: await serve(guarded, benchGp(practice)),
  };
  process.stdout.write(
    `${JSON.stringify({ bare: served.bare.port, system: served.system.port, gp: served.gp.port })}\n`,
  );
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.once('end', resolve));
  for (const s of Object.values(served)) await s.app.close();
  await opened.store.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`policy-cost-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
