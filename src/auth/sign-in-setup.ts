import type Provider from 'oidc-provider';
import type { SqlExecutor } from '../store/index.js';
import { loadAuthProviders } from './auth-providers.js';
import { createAuthenticator } from './authenticator.js';
import type { Authenticator } from './authenticator.js';
import { createOpenIdProvider } from './oidc/openid-provider.js';
import { accountDirectory } from './oidc/sign-in-account.js';
import type { AccountDirectory, SignInAccount } from './oidc/sign-in-account.js';
import { loadSigningKey } from './signing-key.js';
import type { SigningKey } from './signing-key.js';

export interface SignInSetupOptions {
  /** `<publicUrl>/oidc`. */
  issuer: string;
  /** The FHIR base URL. */
  audience: string;
  /** Where a signing key is generated when no key file is configured. */
  dataDir: string;
  signingKeyFile?: string;
  /** HEARTWOOD_AUTH_PROVIDERS: external identity providers. */
  providersFile?: string;
  db: SqlExecutor;
  /** Built-in accounts (demo mode only). */
  accounts: SignInAccount[];
  webRedirectUris: string[];
  trustProxy?: boolean;
  resolvePatient?: (nhsNumber: string) => Promise<string | undefined>;
  /** A key to use instead of loading one (tests). */
  key?: SigningKey;
}

export interface SignIn {
  key: SigningKey;
  authenticator: Authenticator;
  provider: Provider;
  accounts: AccountDirectory;
}

/** Everything authentication needs, from configuration: key, token verifier, OpenID provider. */
export async function setUpSignIn(options: SignInSetupOptions): Promise<SignIn> {
  const key =
    options.key ?? (await loadSigningKey({ file: options.signingKeyFile, dataDir: options.dataDir }));
  const providers = await loadAuthProviders(options.providersFile);
  const authenticator = createAuthenticator({
    issuer: options.issuer,
    audience: options.audience,
    publicKeys: [key.publicJwk],
    providers,
    resolvePatient: options.resolvePatient,
  });
  const accounts = accountDirectory(options.accounts);
  const provider = createOpenIdProvider({
    issuer: options.issuer,
    audience: options.audience,
    key,
    db: options.db,
    accounts,
    webRedirectUris: options.webRedirectUris,
    trustProxy: options.trustProxy,
  });
  return { key, authenticator, provider, accounts };
}
