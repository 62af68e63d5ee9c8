import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { saveBackendClient } from '../auth/index.js';
import { loadConfig } from '../config.js';
import { createServiceFor } from '../main.js';
import { sourceUriOf } from '../policy/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { FhirService } from '../rest/index.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { table } from './text-format.js';
import { UsageError } from './usage-error.js';

export const SOURCE_HELP = `Usage: heartwood admin source add --id CLIENT-ID --name NAME --ods CODE (--jwks FILE | --jwks-uri URL)
                                 [--address URL] [--scope "system/*.cru"]
       heartwood admin source list

Registers a source system (a GP system, a hospital's integration engine, a pharmacy system) that
pushes records: its organisation (Organization, by ODS code), its Endpoint, and a backend service
client with role "source" that authenticates with its own keys (private_key_jwt). What it pushes
carries its meta.source and a Provenance; it sees only what it sent.
`;

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const CLIENT_ID = 'https://heartwood.nhs.example/Id/client';
const SOURCE_URI = 'https://heartwood.nhs.example/Id/source-uri';

async function upsert(service: FhirService, url: string, resource: FhirResource): Promise<string> {
  const r = await service.handle({ method: 'PUT', url, body: resource });
  const id = /^[A-Za-z]+\/([^/]+)/.exec(r.location?.replace(/^.*\/fhir\//, '') ?? '')?.[1];
  if (!id) throw new Error(`could not record ${String(resource.resourceType)} (status ${r.status})`);
  return id;
}

/** `heartwood admin source add | list`. */
export async function sourceCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseOptions('admin source', rest, {
    id: { type: 'string' },
    name: { type: 'string' },
    ods: { type: 'string' },
    jwks: { type: 'string' },
    'jwks-uri': { type: 'string' },
    address: { type: 'string' },
    scope: { type: 'string' },
  });
  if (values.help || sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    io.stdout(SOURCE_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'add' && sub !== 'list') {
    throw new UsageError(`unknown source command "${sub}" (expected add or list).`, 'admin source');
  }
  if (sub === 'add') {
    for (const required of ['id', 'name', 'ods'] as const) {
      if (!values[required]) throw new UsageError(`--${required} is required.`, 'admin source');
    }
    if (!/^[A-Z0-9]{3,10}$/i.test(values.ods!))
      throw new UsageError('--ods is an ODS code such as RGT or Y99901.', 'admin source');
    if (!values.jwks === !values['jwks-uri'])
      throw new UsageError(
        "Give the source's public keys (--jwks) or their URL (--jwks-uri).",
        'admin source',
      );
  }
  const config = loadConfig(io.env);
  const opened = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  try {
    const service = createServiceFor(opened, config.baseUrl ?? `${config.publicUrl}/fhir`);
    if (sub === 'list') {
      const r = await service.handle({
        method: 'GET',
        url: `Endpoint?identifier=${encodeURIComponent(`${CLIENT_ID}|`)}&_count=1000&_include=Endpoint:organization`,
      });
      interface Listed {
        resourceType: string;
        id: string;
        name?: string;
        status?: string;
        identifier?: { system?: string; value?: string }[];
        managingOrganization?: { reference?: string };
      }
      const bundle = JSON.parse(r.body ?? '{}') as { entry?: { resource: Listed }[] };
      const resources = (bundle.entry ?? []).map((e) => e.resource);
      const valueOf = (x: Listed | undefined, system: string) =>
        x?.identifier?.find((i) => i.system === system)?.value ?? '';
      const orgs = new Map(
        resources.filter((x) => x.resourceType === 'Organization').map((o) => [`Organization/${o.id}`, o]),
      );
      const rows = resources
        .filter((x) => x.resourceType === 'Endpoint')
        .map((e) => [
          valueOf(e, CLIENT_ID),
          e.name ?? '',
          valueOf(orgs.get(e.managingOrganization?.reference ?? ''), ODS),
          e.status ?? '',
        ]);
      io.stdout(
        rows.length === 0
          ? 'No source systems are registered.\n'
          : table(['client', 'name', 'ODS', 'status'], rows),
      );
      return 0;
    }
    let jwks: JSONWebKeySet | undefined;
    if (values.jwks) jwks = JSON.parse(await readFile(values.jwks, 'utf8')) as JSONWebKeySet;
    const ods = values.ods!.toUpperCase();
    const organization = await upsert(
      service,
      `Organization?identifier=${encodeURIComponent(`${ODS}|${ods}`)}`,
      {
        resourceType: 'Organization',
        identifier: [{ system: ODS, value: ods }],
        active: true,
        name: values.name,
      },
    );
    const sourceUri = sourceUriOf({
      subject: values.id!,
      clientId: values.id!,
      role: 'source',
      name: values.name!,
      scopes: [],
    });
    await upsert(service, `Endpoint?identifier=${encodeURIComponent(`${CLIENT_ID}|${values.id}`)}`, {
      resourceType: 'Endpoint',
      identifier: [
        { system: CLIENT_ID, value: values.id },
        { system: SOURCE_URI, value: sourceUri },
      ],
      status: 'active',
      connectionType: {
        system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
        code: 'hl7-fhir-rest',
      },
      name: values.name,
      managingOrganization: { reference: `Organization/${organization}` },
      payloadType: [{ text: 'FHIR R4 resources pushed to Heartwood' }],
      address: values.address ?? sourceUri,
    });
    try {
      await saveBackendClient(opened.driver, {
        clientId: values.id!,
        role: 'source',
        jwks,
        jwksUri: values['jwks-uri'],
        organization,
        scope: values.scope,
        name: values.name,
      });
    } catch (e) {
      throw new UsageError((e as Error).message, 'admin source');
    }
    io.stdout(
      `Registered source ${values.id} (${values.name}, ${ods}): Organization/${organization}; its records carry meta.source ${sourceUri}.\n`,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
}
