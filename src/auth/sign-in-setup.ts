import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
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
  /** Public keys of previous signing keys, still accepted during a rotation (a JSON key set file). */
  previousKeysFile?: string;
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
  /** Every key tokens may be signed with: the current one first, then previous ones (to publish). */
  publicKeys: JWK[];
  authenticator: Authenticator;
  provider: Provider;
  accounts: AccountDirectory;
}

/** Everything authentication needs, from configuration: key, token verifier, OpenID provider. */
export async function setUpSignIn(options: SignInSetupOptions): Promise<SignIn> {
  const key =
    options.key ?? (await loadSigningKey({ file: options.signingKeyFile, dataDir: options.dataDir }));
  const providers = await loadAuthProviders(options.providersFile);
  const publicKeys: JWK[] = [key.publicJwk, ...(await loadPreviousKeys(options.previousKeysFile))];
  const authenticator = createAuthenticator({
    issuer: options.issuer,
    audience: options.audience,
    publicKeys,
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
  return { key, publicKeys, authenticator, provider, accounts };
}

/** Previous public keys: refused if any private material slipped into the file. */
async function loadPreviousKeys(file: string | undefined): Promise<JWK[]> {
  if (!file) return [];
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { keys?: JWK[] };
  const keys = parsed.keys ?? [];
  for (const k of keys) {
    if (!k.kid) throw new Error('Every previous signing key needs its "kid".');
    if ('d' in k || 'k' in k) throw new Error('The previous keys file must hold public keys only.');
  }
  return keys;
}
