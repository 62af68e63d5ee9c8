import { resolve } from 'node:path';

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
  return {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.HEARTWOOD_DATA ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    baseUrl: baseUrl || undefined,
    demo: env.HEARTWOOD_DEMO === 'true',
    poolSize: int('HEARTWOOD_DB_POOL', 20, 1, 500),
    bodyLimitBytes: int('HEARTWOOD_BODY_LIMIT', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...overrides,
  };
}
