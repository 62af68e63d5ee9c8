import { createAuditLog, startAnchorWriter } from './audit/index.js';
import type { AuditLog } from './audit/index.js';
import { linkedPatientIds } from './identity/index.js';
import { createAccessLogOperation } from './operations/access-log.js';
import { createAuditSearchOperation } from './operations/audit-search.js';
import {
  auditSignIns,
  authorizeAuditRead,
  createAccessGuard,
  createBreakGlassOperation,
  createFindPatientOperation,
  createPrivacyQueueOperation,
  createPrivacyReviewOperation,
} from './policy/index.js';
import { createPatientKey } from './store/index.js';
import type { FastifyInstance } from 'fastify';
import { setUpSignIn, webRedirectUris } from './auth/index.js';
import type { SignIn } from './auth/index.js';
import { authIssuer, fhirAudience } from './config.js';
import type { HeartwoodConfig } from './config.js';
import { loadPatientCompartment } from './definitions/index.js';
import { demoAccounts, NHS_NUMBER_SYSTEM } from './demo/index.js';
import { createValidator, loadR4Definitions } from './fhir/validation/index.js';
import { buildApp, defaultWebDistDir } from './http/index.js';
import { registerPublicApi } from './http/public-api.js';
import { allOperations, startPatientLinker } from './operations/index.js';
import { createSubscriptionDispatcher, startSubscriptionDispatcher } from './subscriptions/index.js';
import { createFhirService } from './rest/index.js';
import type { FhirService } from './rest/index.js';
import { openStore, startTextIndexer } from './store/index.js';
import type { OpenedStore, ResourceStore } from './store/index.js';

export interface Heartwood {
  app: FastifyInstance;
  store: ResourceStore;
  service: FhirService;
  opened: OpenedStore;
  /** Signing key, token verifier and OpenID provider (also used by `heartwood admin token`). */
  signIn: SignIn;
  close(): Promise<void>;
}

/** Personal data that must never reach the logs (pino redaction paths). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["dpop"]',
  'req.query',
  'req.body',
  'res.headers["set-cookie"]',
];

/**
 * The FHIR service over an opened store, with the official R4 definitions loaded, behind the access
 * guard: every interaction, whoever makes it, passes the policy engine and leaves an AuditEvent.
 */
export function createServiceFor(
  opened: OpenedStore,
  baseUrl: string,
  options: { audit?: AuditLog } = {},
): FhirService {
  const model = loadR4Definitions();
  const compartment = loadPatientCompartment();
  const audit = options.audit ?? createAuditLog({ driver: opened.driver });
  const guard = createAccessGuard({
    store: opened.store,
    audit,
    patientKey: createPatientKey(compartment),
    linkedPatientIds,
  });
  return createFhirService({
    store: opened.store,
    validator: createValidator(model),
    model,
    registry: opened.registry,
    patientCompartment: compartment,
    operations: [
      ...allOperations({ patientCompartment: compartment, driver: opened.driver }),
      createAccessLogOperation({ audit, authorize: authorizeAuditRead, linkedPatientIds }),
      createAuditSearchOperation({ audit, authorize: authorizeAuditRead }),
      createBreakGlassOperation(),
      createFindPatientOperation(),
      createPrivacyQueueOperation(),
      createPrivacyReviewOperation(),
    ],
    guard,
    baseUrl,
  });
}

/** The one place that picks concrete adapters from configuration. */
export async function createHeartwood(
  config: HeartwoodConfig,
  options: { logger?: boolean } = {},
): Promise<Heartwood> {
  const opened = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: config.poolSize }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  const audit = createAuditLog({ driver: opened.driver, readDurability: config.auditReadDurability });
  const service = createServiceFor(opened, config.baseUrl ?? `http://localhost:${config.port}/fhir`, {
    audit,
  });
  // Secure by default: every API request needs a token; demo accounts exist only in demo mode.
  const signIn = await setUpSignIn({
    issuer: authIssuer(config),
    audience: fhirAudience(config),
    dataDir: config.dataDir,
    signingKeyFile: config.signingKeyFile,
    previousKeysFile: config.previousKeysFile,
    providersFile: config.authProvidersFile,
    db: opened.driver,
    accounts: config.demo ? demoAccounts() : [],
    webRedirectUris: webRedirectUris(config.publicUrl),
    trustProxy: config.trustProxy,
    resolvePatient: (nhsNumber) => patientIdByNhsNumber(service, nhsNumber),
  });
  auditSignIns(signIn.provider, audit, signIn.accounts);
  const logger =
    options.logger === false
      ? false
      : {
          level: config.logLevel,
          redact: REDACT,
          // Paths only: query strings carry identifiers such as NHS numbers.
          serializers: {
            req: (req: { method: string; url: string; id: string }) => ({
              id: req.id,
              method: req.method,
              path: req.url.split('?')[0],
            }),
          },
        };
  const app = buildApp({
    service,
    baseUrl: config.baseUrl,
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
    webDistDir: defaultWebDistDir(),
    auth: signIn.authenticator,
    signIn: {
      issuer: authIssuer(config),
      publicKeys: signIn.publicKeys,
      provider: signIn.provider,
      accounts: signIn.accounts,
      demo: config.demo,
      webDistDir: defaultWebDistDir(),
    },
    corsOrigins: config.corsOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    ping: async () => {
      await opened.driver.query('SELECT 1');
    },
  });
  registerPublicApi(app, { driver: opened.driver });
  const textIndexer = startTextIndexer(opened.driver, opened.indexer);
  // The chain head copied out of the database every minute: what `audit verify` checks a rewrite against.
  const anchors = startAnchorWriter({ exec: opened.driver, file: config.auditAnchorFile });
  const patientLinker = startPatientLinker(opened);
  const subscriptions = startSubscriptionDispatcher(
    createSubscriptionDispatcher({
      store: opened.store,
      service,
      allowedEndpoints: config.subscriptionEndpoints,
      isResourceType: (type) => opened.registry.resourceTypes().includes(type),
    }),
  );
  return {
    app,
    store: opened.store,
    service,
    opened,
    signIn,
    async close() {
      await app.close();
      await textIndexer.stop();
      await anchors.stop();
      await patientLinker.stop();
      await subscriptions.stop();
      await opened.store.close();
    },
  };
}

/** The Patient id of an NHS number asserted by a patient identity provider (NHS login's `nhs_number`). */
async function patientIdByNhsNumber(service: FhirService, nhsNumber: string): Promise<string | undefined> {
  if (!/^\d{10}$/.test(nhsNumber)) return undefined;
  const response = await service.handle({
    method: 'GET',
    url: `Patient?identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|${nhsNumber}`)}&_elements=id&_count=2`,
  });
  const bundle = JSON.parse(response.body ?? '{}') as { entry?: { resource?: { id?: string } }[] };
  // Two records with one NHS number are ambiguous: better no patient than the wrong one.
  return bundle.entry?.length === 1 ? bundle.entry[0]!.resource?.id : undefined;
}
