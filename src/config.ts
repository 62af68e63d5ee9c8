import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface HeartwoodConfig {
  port: number;
  host: string;
  /** Embedded database directory (PGlite), used when no databaseUrl is set. */
  dataDir: string;
  /** postgres://… switches to a PostgreSQL server. */
  databaseUrl?: string;
  /** Public base URL of the FHIR API; derived from each request when unset. */
  baseUrl?: string;
  /** Demo mode: loads demo data on first start (and, later, demo sign-in accounts). */
  demo: boolean;
  /** Server connection pool size for PostgreSQL. */
  poolSize: number;
  bodyLimitBytes: number;
  logLevel: string;
  /** Where the audit chains' heads are copied from time to time (outside the database). */
  auditAnchorFile: string;
  /**
   * `sync` (default): a read is answered once its audit record is flushed to disk. `async`: once it
   * is in the database's write-ahead log (a power failure of the database server may lose the last
   * fraction of a second of read records). Writes and their audit always commit fully durably.
   */
  auditReadDurability: 'sync' | 'async';
  /** Public origin of the server (`https://heartwood.example`): the OpenID issuer is `<publicUrl>/oidc`. */
  publicUrl: string;
  /** A private JWK or PEM file; when unset a key is generated into `<dataDir>/keys/` on first start. */
  signingKeyFile?: string;
  /**
   * During a key rotation: a JSON key set of the previous signing keys' public halves, still accepted
   * and published until the tokens they signed have expired.
   */
  previousKeysFile?: string;
  /** JSON file listing the external identity providers whose tokens are accepted. */
  authProvidersFile?: string;
  /** Browser origins allowed to call the API cross-origin; none by default. */
  corsOrigins: string[];
  /** Requests a client (token subject, else address) may make per minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Trust X-Forwarded-* from a TLS-terminating proxy in front of the server. */
  trustProxy: boolean;
  /** URL prefixes a Subscription's rest-hook endpoint must start with; none by default (no notifications). */
  subscriptionEndpoints: string[];
}

/**
 * Whole URL prefixes, each with a path (`https://host/` at least), so that an allowed
 * `https://gp.example` cannot be stretched to `https://gp.example.attacker.test`.
 */
function subscriptionEndpoints(value: string | undefined): string[] {
  const prefixes = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of prefixes) {
    let url: URL | undefined;
    try {
      url = new URL(p);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !/^https?:\/\/[^/]+\//.test(p))
      throw new Error(
        'HEARTWOOD_SUBSCRIPTION_ENDPOINTS takes http(s) URL prefixes with a path, such as https://host/hooks/',
      );
  }
  return prefixes;
}

function auditReadDurability(value: string | undefined): 'sync' | 'async' {
  if (value === undefined || value === '' || value === 'sync') return 'sync';
  if (value === 'async') return 'async';
  throw new Error('HEARTWOOD_AUDIT_READ_DURABILITY must be sync or async');
}

/** The OpenID issuer of Heartwood's own tokens. */
export function authIssuer(config: Pick<HeartwoodConfig, 'publicUrl'>): string {
  return `${config.publicUrl}/oidc`;
}

/** The audience of Heartwood's own tokens: the FHIR base URL. */
export function fhirAudience(config: Pick<HeartwoodConfig, 'publicUrl' | 'baseUrl'>): string {
  return config.baseUrl ?? `${config.publicUrl}/fhir`;
}

/**
 * A setting that may be a secret: `NAME` itself, or the content of the file `NAME_FILE` names
 * (container secrets), so secrets need not sit in the environment.
 */
export function secretSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name] || undefined;
}

/** Reads configuration from the environment; every setting has a safe default. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<HeartwoodConfig> = {},
): HeartwoodConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
  const baseUrl = env.HEARTWOOD_BASE_URL?.replace(/\/+$/, '');
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new Error('HEARTWOOD_BASE_URL must be an http(s) URL such as https://example.org/fhir');
  }
  const port = overrides.port ?? int('PORT', 8080, 0, 65535);
  const publicUrl = (env.HEARTWOOD_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) {
    throw new Error('HEARTWOOD_PUBLIC_URL must be an origin such as https://heartwood.example');
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.HEARTWOOD_DATA ?? './data'),
    databaseUrl: secretSetting(env, 'DATABASE_URL'),
    baseUrl: baseUrl || undefined,
    demo: env.HEARTWOOD_DEMO === 'true',
    poolSize: int('HEARTWOOD_DB_POOL', 20, 1, 500),
    bodyLimitBytes: int('HEARTWOOD_BODY_LIMIT', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
    auditAnchorFile: resolve(
      env.HEARTWOOD_AUDIT_ANCHOR_FILE ?? join(resolve(env.HEARTWOOD_DATA ?? './data'), 'audit-anchors.log'),
    ),
    auditReadDurability: auditReadDurability(env.HEARTWOOD_AUDIT_READ_DURABILITY),
    publicUrl,
    signingKeyFile: env.HEARTWOOD_SIGNING_KEY_FILE || undefined,
    previousKeysFile: env.HEARTWOOD_PREVIOUS_KEYS_FILE || undefined,
    authProvidersFile: env.HEARTWOOD_AUTH_PROVIDERS || undefined,
    corsOrigins: (env.HEARTWOOD_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter((o) => o !== ''),
    rateLimitPerMinute: int('HEARTWOOD_RATE_LIMIT', 1200, 0, 1_000_000),
    trustProxy: env.HEARTWOOD_TRUST_PROXY === 'true',
    subscriptionEndpoints: subscriptionEndpoints(env.HEARTWOOD_SUBSCRIPTION_ENDPOINTS),
    ...overrides,
  };
}
