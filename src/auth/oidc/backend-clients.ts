import type { JSONWebKeySet } from 'jose';
import type { SqlExecutor } from '../../store/index.js';
import type { Role } from '../principal.js';
import { isKnownScope, parseScope } from '../scopes.js';

/** Roles a backend client may hold (SMART Backend Services). */
export const BACKEND_ROLES = ['source', 'analyst', 'system'] as const;
export type BackendRole = (typeof BACKEND_ROLES)[number];

export interface BackendClientInput {
  clientId: string;
  role: BackendRole;
  /** The client's public keys, or where it publishes them. */
  jwks?: JSONWebKeySet;
  jwksUri?: string;
  organization?: string;
  /** Space-separated `system/` scopes the client may ask for. */
  scope?: string;
  name?: string;
}

/** OpenID client metadata of a backend client: client_credentials with a signed JWT assertion only. */
export function backendClientMetadata(input: BackendClientInput): Record<string, unknown> {
  if (!/^[A-Za-z0-9._~-]{3,64}$/.test(input.clientId)) {
    throw new Error('The client id must be 3 to 64 letters, digits, ".", "_", "~" or "-".');
  }
  if (!BACKEND_ROLES.includes(input.role)) {
    throw new Error(`A backend client's role is one of ${BACKEND_ROLES.join(', ')}.`);
  }
  if (!input.jwks === !input.jwksUri)
    throw new Error('Give the client keys (--jwks) or their URL (--jwks-uri).');
  if (input.jwks && (!Array.isArray(input.jwks.keys) || input.jwks.keys.length === 0)) {
    throw new Error('The key set must hold at least one public key.');
  }
  for (const key of input.jwks?.keys ?? []) {
    if ('d' in key || 'k' in key) throw new Error('The key set must hold public keys only.');
  }
  if (input.jwksUri && !/^https:\/\//.test(input.jwksUri)) throw new Error('The key set URL must use https.');
  const scope = input.scope ?? (input.role === 'source' ? 'system/*.cru' : 'system/*.rs');
  for (const s of scope.split(/\s+/)) {
    if (!isKnownScope(s) || parseScope(s)?.context !== 'system') {
      throw new Error(`"${s}" is not a system/ SMART scope.`);
    }
  }
  const metadata: Record<string, unknown> = {
    client_id: input.clientId,
    client_name: input.name ?? input.clientId,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'private_key_jwt',
    // Not the standard `scope` metadata: the provider only lets that list OpenID scopes.
    heartwood_scope: scope,
    heartwood_role: input.role satisfies Role,
  };
  if (input.jwks) metadata.jwks = input.jwks;
  if (input.jwksUri) metadata.jwks_uri = input.jwksUri;
  if (input.organization) metadata.organization = input.organization;
  return metadata;
}

/** Registers (or replaces) a backend client. */
export async function saveBackendClient(db: SqlExecutor, input: BackendClientInput): Promise<void> {
  const metadata = backendClientMetadata(input);
  await db.query(
    `INSERT INTO oauth_client (client_id, metadata) VALUES ($1, $2)
     ON CONFLICT (client_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
    [input.clientId, JSON.stringify(metadata)],
  );
}

export async function removeBackendClient(db: SqlExecutor, clientId: string): Promise<boolean> {
  const r = await db.query('DELETE FROM oauth_client WHERE client_id = $1', [clientId]);
  return r.rowCount > 0;
}

export async function listBackendClients(
  db: SqlExecutor,
): Promise<{ clientId: string; role: string; scope: string; organization?: string }[]> {
  const r = await db.query<{ client_id: string; metadata: Record<string, string> }>(
    'SELECT client_id, metadata FROM oauth_client ORDER BY client_id',
  );
  return r.rows.map((row) => ({
    clientId: row.client_id,
    role: row.metadata.heartwood_role ?? '',
    scope: row.metadata.heartwood_scope ?? '',
    organization: row.metadata.organization,
  }));
}
