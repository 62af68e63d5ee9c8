import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import {
  BACKEND_ROLES,
  isRole,
  listBackendClients,
  loadSigningKey,
  mintToken,
  parseDuration,
  removeBackendClient,
  saveBackendClient,
} from '../auth/index.js';
import type { BackendRole } from '../auth/index.js';
import { authIssuer, fhirAudience, loadConfig } from '../config.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { table } from './text-format.js';
import { UsageError } from './usage-error.js';

export const TOKEN_HELP = `Usage: heartwood admin token --role ROLE [--patient ID] [--person Practitioner/x]
                             [--organization ORG] [--scope "..."] [--name NAME] [--ttl 15m]

Prints a short-lived bearer token for the FHIR API, signed with the server key (HEARTWOOD_SIGNING_KEY_FILE,
else the key in HEARTWOOD_DATA/keys). Roles: patient, proxy, gp, clinician, privacy-officer, analyst,
admin, source, system. Without --scope the role's usual SMART scopes are granted. --ttl at most 24h.
`;

export const CLIENT_HELP = `Usage: heartwood admin client add --id ID (--jwks FILE | --jwks-uri URL) --role source|analyst|system
                                 [--organization ORG] [--scope "system/*.rs"] [--name NAME]
       heartwood admin client list
       heartwood admin client remove --id ID

Registers SMART Backend Services clients: they obtain tokens with client_credentials, authenticating
with a JWT signed by one of their own keys (private_key_jwt). Only public keys are accepted.
`;

/** `heartwood admin token`: only the token goes to stdout, so `$(heartwood admin token …)` works. */
export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin token', args, {
    role: { type: 'string' },
    patient: { type: 'string' },
    person: { type: 'string' },
    organization: { type: 'string' },
    scope: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string' },
  });
  if (values.help) {
    io.stdout(TOKEN_HELP);
    return 0;
  }
  if (!isRole(values.role))
    throw new UsageError('--role is required and must be a Heartwood role.', 'admin token');
  if ((values.role === 'patient' || values.role === 'proxy') && !values.patient && !values.person) {
    throw new UsageError(`--patient is required for the ${values.role} role.`, 'admin token');
  }
  if (
    values.person !== undefined &&
    !/^(Patient|Practitioner|RelatedPerson|Device)\/[A-Za-z0-9.-]{1,64}$/.test(values.person)
  ) {
    throw new UsageError('--person must be a reference such as Practitioner/abc.', 'admin token');
  }
  let ttlSeconds: number | undefined;
  try {
    ttlSeconds = values.ttl === undefined ? undefined : parseDuration(values.ttl);
  } catch (e) {
    throw new UsageError((e as Error).message, 'admin token');
  }
  const config = loadConfig(io.env);
  const key = await loadSigningKey({ file: config.signingKeyFile, dataDir: config.dataDir });
  const token = await mintToken(
    { key, issuer: authIssuer(config), audience: fhirAudience(config) },
    {
      role: values.role,
      patient: values.patient ?? (values.person?.startsWith('Patient/') ? values.person.slice(8) : undefined),
      person: values.person,
      organization: values.organization,
      scope: values.scope,
      name: values.name,
      ttlSeconds,
    },
  );
  io.stdout(`${token}\n`);
  return 0;
}

/** `heartwood admin client add | list | remove`. */
export async function clientCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseOptions('admin client', rest, {
    id: { type: 'string' },
    jwks: { type: 'string' },
    'jwks-uri': { type: 'string' },
    role: { type: 'string' },
    organization: { type: 'string' },
    scope: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help || sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    io.stdout(CLIENT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'add' && sub !== 'list' && sub !== 'remove') {
    throw new UsageError(`unknown client command "${sub}" (expected add, list or remove).`, 'admin client');
  }
  if (sub !== 'list' && !values.id) throw new UsageError('--id is required.', 'admin client');
  let jwks: JSONWebKeySet | undefined;
  if (sub === 'add') {
    if (!BACKEND_ROLES.includes(values.role as BackendRole)) {
      throw new UsageError(`--role must be one of ${BACKEND_ROLES.join(', ')}.`, 'admin client');
    }
    if (values.jwks) jwks = JSON.parse(await readFile(values.jwks, 'utf8')) as JSONWebKeySet;
  }
  const config = loadConfig(io.env);
  const { driver } = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 1 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  try {
    if (sub === 'add') {
      try {
        await saveBackendClient(driver, {
          clientId: values.id!,
          role: values.role as BackendRole,
          jwks,
          jwksUri: values['jwks-uri'],
          organization: values.organization,
          scope: values.scope,
          name: values.name,
        });
      } catch (e) {
        throw new UsageError((e as Error).message, 'admin client');
      }
      io.stdout(`Registered backend client ${values.id}.\n`);
    } else if (sub === 'remove') {
      const removed = await removeBackendClient(driver, values.id!);
      io.stdout(removed ? `Removed client ${values.id}.\n` : `There is no client ${values.id}.\n`);
      return removed ? 0 : 1;
    } else {
      const clients = await listBackendClients(driver);
      io.stdout(
        clients.length === 0
          ? 'No backend clients are registered.\n'
          : table(
              ['client', 'role', 'organisation', 'scope'],
              clients.map((c) => [c.clientId, c.role, c.organization ?? '', c.scope]),
            ),
      );
    }
    return 0;
  } finally {
    await driver.close();
  }
}
