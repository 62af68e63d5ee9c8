export { systemPrincipal } from './principal.js';
export type { Principal, Role, Scope } from './principal.js';
export { ALLOWED_ALGORITHMS, createAuthenticator } from './authenticator.js';
export type { Authenticator, AuthenticatorConfig } from './authenticator.js';
export { checkAuthProviders, loadAuthProviders } from './auth-providers.js';
export type { AuthProviderConfig } from './auth-providers.js';
export { formatScope, isKnownScope, parseScope, parseScopes } from './scopes.js';
export { defaultScopeFor, isRole, ROLES, STAFF_ROLES } from './roles.js';
export { GENERATED_KEY_FILE, generateSigningKey, loadSigningKey, signingKeyFrom } from './signing-key.js';
export type { SigningKey, SigningKeySource } from './signing-key.js';
export { MAX_MINTED_TTL_SECONDS, mintToken, parseDuration } from './token-minter.js';
export type { MintContext, MintRequest } from './token-minter.js';
export {
  accountTokenClaims,
  createOpenIdProvider,
  escapeHtml,
  OPENID_SCOPES,
  SIGN_IN_PATH,
  WEB_CLIENT_ID,
  webRedirectUris,
} from './oidc/openid-provider.js';
export type { OpenIdProviderOptions } from './oidc/openid-provider.js';
export { accountDirectory } from './oidc/sign-in-account.js';
export type { AccountDirectory, SignInAccount } from './oidc/sign-in-account.js';
export {
  BACKEND_ROLES,
  backendClientMetadata,
  listBackendClients,
  removeBackendClient,
  saveBackendClient,
} from './oidc/backend-clients.js';
export type { BackendClientInput, BackendRole } from './oidc/backend-clients.js';
export { allowedResourceScopes, scopeCovers } from './oidc/smart-scopes.js';
export { setUpSignIn } from './sign-in-setup.js';
export type { SignIn, SignInSetupOptions } from './sign-in-setup.js';
