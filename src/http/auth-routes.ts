import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { AccountDirectory } from '../auth/index.js';
import { ALLOWED_ALGORITHMS, OPENID_SCOPES } from '../auth/index.js';
import { registerSignInPages } from './sign-in-pages.js';

export interface AuthRoutesDeps {
  /** `<publicUrl>/oidc`. */
  issuer: string;
  /** Public signing keys, published at `/.well-known/jwks.json`. */
  publicKeys: JWK[];
  /** The embedded OpenID provider, mounted at `/oidc`; discovery only when absent. */
  provider?: Provider;
  accounts?: AccountDirectory;
  demo?: boolean;
  webDistDir?: string;
}

const OIDC_PREFIX = '/oidc';

/** SMART scopes advertised (the provider accepts any well-formed SMART v1/v2 resource scope). */
const SMART_SCOPES = [
  'patient/*.rs',
  'patient/*.read',
  'user/*.rs',
  'user/*.cruds',
  'user/*.read',
  'system/*.rs',
  'system/*.cruds',
  'system/*.read',
];

/** SMART App Launch 2 discovery document (`.well-known/smart-configuration`). */
export function smartConfiguration(issuer: string, jwksUri: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: jwksUri,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/me`,
    revocation_endpoint: `${issuer}/token/revocation`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ALLOWED_ALGORITHMS,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes_supported: [...OPENID_SCOPES, ...SMART_SCOPES],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'permission-v2',
      'permission-v1',
      'permission-offline',
      'permission-patient',
      'permission-user',
      'sso-openid-connect',
    ],
  };
}

/**
 * Public sign-in endpoints: the key set, SMART discovery (at the root and under /fhir), the embedded
 * OpenID provider under /oidc and its sign-in pages.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  const jwks = { keys: deps.publicKeys };
  const publicOrigin = new URL(deps.issuer).origin;
  const smart = smartConfiguration(deps.issuer, `${publicOrigin}/.well-known/jwks.json`);
  const json = (body: unknown) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('Cache-Control', 'public, max-age=300').type('application/json').send(JSON.stringify(body));
  app.get('/.well-known/jwks.json', json(jwks));
  app.get('/.well-known/smart-configuration', json(smart));
  app.get('/fhir/.well-known/smart-configuration', json(smart));

  const provider = deps.provider;
  if (!provider) return;
  app.register(async (scope) => {
    // The provider reads its own request bodies: leave the stream unread here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const callback = provider.callback();
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      // The provider answers on the raw response, past the app's onSend hooks: same protections here.
      // (Only frame-ancestors: its own pages, such as the logout form, carry an inline script.)
      reply.raw.setHeader('X-Content-Type-Options', 'nosniff');
      reply.raw.setHeader('X-Frame-Options', 'DENY');
      reply.raw.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
      reply.raw.setHeader('Referrer-Policy', 'no-referrer');
      reply.raw.setHeader('X-Request-Id', request.id);
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      // Mounted under /oidc: the provider sees its own paths and learns the mount point from originalUrl.
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(OIDC_PREFIX.length) || '/';
      void callback(raw, reply.raw);
    };
    scope.all(OIDC_PREFIX, handler);
    scope.all(`${OIDC_PREFIX}/*`, handler);
  });
  if (deps.accounts) {
    registerSignInPages(app, {
      provider,
      accounts: deps.accounts,
      demo: deps.demo ?? false,
      webDistDir: deps.webDistDir,
    });
  }
}
