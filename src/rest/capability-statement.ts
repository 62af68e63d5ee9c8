import type { FhirResource } from '../fhir/index.js';

export interface CapabilityInputs {
  resourceTypes: string[];
  /** Indexed search parameters per type, besides `_id` and `_lastUpdated`. */
  searchParams: (resourceType: string) => { name: string; type: string; definition?: string }[];
  baseUrl: string;
  softwareVersion: string;
  operations: { name: string; definition: string; levels: string[]; resourceTypes?: string[] }[];
  /** When this server started: the statement describes this running instance. */
  date: string;
}

/** A truthful CapabilityStatement: it lists only the interactions and parameters that work. */
export function buildCapabilityStatement(inputs: CapabilityInputs): FhirResource {
  const interactions = [
    'read',
    'vread',
    'update',
    'patch',
    'delete',
    'history-instance',
    'history-type',
    'create',
    'search-type',
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: inputs.date,
    publisher: 'Heartwood',
    kind: 'instance',
    software: { name: 'Heartwood', version: inputs.softwareVersion },
    implementation: { description: 'Heartwood FHIR R4 server', url: inputs.baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: smartSecurity(inputs.baseUrl),
        resource: inputs.resourceTypes.map((type) => ({
          type,
          profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
          interaction: interactions.map((code) => ({ code })),
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalRead: 'full-support',
          conditionalUpdate: true,
          conditionalDelete: 'single',
          referencePolicy: ['literal', 'local'],
          searchParam: [
            { name: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' },
            {
              name: '_lastUpdated',
              type: 'date',
              definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
            },
            ...inputs.searchParams(type),
          ],
          operation: inputs.operations
            .filter(
              (o) =>
                o.levels.some((l) => l !== 'system') && (!o.resourceTypes || o.resourceTypes.includes(type)),
            )
            .map((o) => ({ name: o.name, definition: o.definition })),
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        operation: inputs.operations
          .filter((o) => o.levels.includes('system'))
          .map((o) => ({ name: o.name, definition: o.definition })),
      },
    ],
  };
}

/**
 * SMART on FHIR: every request but this statement and discovery needs a bearer token from the
 * embedded OpenID provider (`/oidc` on the FHIR base's origin) or a configured identity provider.
 */
function smartSecurity(baseUrl: string): Record<string, unknown> {
  const issuer = `${new URL(baseUrl).origin}/oidc`;
  return {
    cors: true,
    service: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
            code: 'SMART-on-FHIR',
          },
        ],
        text: 'OAuth 2.0 / OpenID Connect (SMART App Launch 2, SMART Backend Services)',
      },
    ],
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [
          { url: 'authorize', valueUri: `${issuer}/auth` },
          { url: 'token', valueUri: `${issuer}/token` },
          { url: 'revoke', valueUri: `${issuer}/token/revocation` },
        ],
      },
    ],
    description:
      'Send an access token as "Authorization: Bearer <token>". See /.well-known/smart-configuration.',
  };
}
