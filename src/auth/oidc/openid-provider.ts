import { createHmac } from 'node:crypto';
import { decodeJwt } from 'jose';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { SqlExecutor } from '../../store/index.js';
import { ALLOWED_ALGORITHMS } from '../authenticator.js';
import type { SigningKey } from '../signing-key.js';
import { createOAuthAdapterFactory } from './oauth-adapter.js';
import type { AccountDirectory, SignInAccount } from './sign-in-account.js';
import { allowedResourceScopes } from './smart-scopes.js';

export const WEB_CLIENT_ID = 'heartwood-web';
/** Where the embedded provider sends the browser to sign in; `uid` names the interaction. */
export const SIGN_IN_PATH = '/sign-in';

/** OpenID scopes (everything else the provider accepts is a SMART resource scope). */
export const OPENID_SCOPES = ['openid', 'fhirUser', 'profile', 'offline_access', 'launch/patient'];

export interface OpenIdProviderOptions {
  /** `<publicUrl>/oidc`. */
  issuer: string;
  /** The FHIR base URL: the only resource server, and the audience of every access token. */
  audience: string;
  key: SigningKey;
  db: SqlExecutor;
  accounts: AccountDirectory;
  /** Redirect URIs of the web app's public client. */
  webRedirectUris: string[];
  /** Trust X-Forwarded-* from the TLS-terminating proxy (cookies are then marked Secure). */
  trustProxy?: boolean;
  /** Access token lifetime in seconds (default 15 minutes). */
  accessTokenTtlSeconds?: number;
}

/**
 * Where the web app receives its authorization code. A server on localhost is reached as localhost,
 * 127.0.0.1 or [::1] alike, so each is a registered address; a public server has exactly one.
 */
export function webRedirectUris(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const hosts = ['localhost', '127.0.0.1', '[::1]'];
  if (!hosts.includes(url.hostname)) return [`${url.origin}/signed-in`];
  return hosts.map((h) => `${url.protocol}//${h}${url.port ? `:${url.port}` : ''}/signed-in`);
}

/** Claims an account contributes to access tokens; the authenticator maps them to a Principal. */
export function accountTokenClaims(account: SignInAccount): Record<string, string> {
  const claims: Record<string, string> = {
    heartwood_role: account.role,
    fhirUser: account.person,
    name: account.name,
  };
  if (account.patient) claims.patient = account.patient;
  if (account.organization) claims.organization = account.organization;
  if (account.organizationName) claims.organization_name = account.organizationName;
  return claims;
}

/**
 * The embedded OpenID provider (oidc-provider, OpenID Certified): authorization code with PKCE (S256)
 * for the web app and SMART apps, rotating refresh tokens, client_credentials with private_key_jwt for
 * backend services, JWT access tokens for the FHIR API. Its state lives in the database.
 */
export function createOpenIdProvider(options: OpenIdProviderOptions): Provider {
  const ttl = options.accessTokenTtlSeconds ?? 15 * 60;
  const configuration: Configuration = {
    adapter: createOAuthAdapterFactory(options.db),
    jwks: { keys: [options.key.privateJwk as never] },
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: 'Heartwood',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.webRedirectUris,
      },
    ],
    // Clients get ID tokens signed with the server key's algorithm (the only key the provider holds).
    clientDefaults: { id_token_signed_response_alg: options.key.alg as never },
    clientAuthMethods: ['none', 'private_key_jwt'],
    enabledJWA: {
      // SMART Backend Services clients must be able to sign with RS384 or ES384.
      clientAuthSigningAlgValues: [...ALLOWED_ALGORITHMS, 'RS384'] as never,
      idTokenSigningAlgValues: [options.key.alg],
    },
    extraClientMetadata: { properties: ['heartwood_role', 'organization', 'heartwood_scope'] },
    async findAccount(_ctx, id) {
      const account = options.accounts.find(id);
      if (!account) return undefined;
      return {
        accountId: account.id,
        claims: () => ({ sub: account.id, fhirUser: account.person, name: account.name }),
      };
    },
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    scopes: OPENID_SCOPES,
    // SMART wants fhirUser in the ID token of a code flow, not only at the userinfo endpoint.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, indicator, client) => {
          if (indicator !== options.audience) throw new oidcErrors.InvalidTarget();
          return {
            scope: allowedResourceScopes(
              requestedScopes(ctx),
              (client as unknown as { heartwood_scope?: string }).heartwood_scope,
            ).join(' '),
            audience: options.audience,
            accessTokenTTL: ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: options.key.alg as never } },
          };
        },
      },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // OpenID drops offline_access unless prompt=consent, which SMART apps do not send; a client allowed
    // the refresh_token grant gets a rotating refresh token, bounded by the RefreshToken lifetime.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async extraTokenClaims(ctx, token) {
      if ('accountId' in token && typeof token.accountId === 'string') {
        const account = options.accounts.find(token.accountId);
        return account ? accountTokenClaims(account) : undefined;
      }
      // client_credentials: the registered client's role and organisation.
      const client = ctx.oidc.client;
      if (!client) return undefined;
      const claims: Record<string, unknown> = { name: client.clientName ?? client.clientId };
      const role = (client as unknown as { heartwood_role?: string }).heartwood_role;
      const organization = (client as unknown as { organization?: string }).organization;
      if (role) claims.heartwood_role = role;
      if (organization) claims.organization = organization;
      return claims;
    },
    interactions: { url: (_ctx, interaction) => `${SIGN_IN_PATH}/${interaction.uid}` },
    cookies: {
      // Derived from the signing key, so every server process signs and reads the same cookies.
      keys: [
        createHmac('sha256', JSON.stringify(options.key.privateJwk))
          .update('oidc-cookies')
          .digest('base64url'),
      ],
    },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 15 * 60,
      Session: 8 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 8 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign-in problem – Heartwood</title></head>
<body><main><h1>There is a problem signing you in</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p>
<p><a href="/">Go to the Heartwood home page</a></p></main></body></html>`;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy ?? false;
  // SMART App Launch: the launch context travels in the token response as well as in the token.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { access_token?: unknown } | undefined;
    if (ctx.path === '/token' && ctx.status === 200 && typeof body?.access_token === 'string') {
      const claims = decodeJwt(body.access_token);
      if (typeof claims.patient === 'string') (body as Record<string, unknown>).patient = claims.patient;
    }
  });
  return provider;
}

/** Every scope the current step could grant: asked for now, or held by the code or refresh token. */
function requestedScopes(ctx: KoaContextWithOIDC): string[] {
  const oidc = ctx.oidc as unknown as {
    params?: { scope?: unknown };
    entities?: Record<string, { scope?: string } | undefined>;
  };
  const sources = [
    oidc.params?.scope,
    oidc.entities?.AuthorizationCode?.scope,
    oidc.entities?.RefreshToken?.scope,
  ];
  return sources.flatMap((s) => (typeof s === 'string' ? s.split(/\s+/) : []));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
