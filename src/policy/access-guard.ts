import type { AuditLog, AuditRecord, AuditSubtype } from '../audit/index.js';
import type { Principal } from '../auth/index.js';
import { errors, isFhirError } from '../fhir/index.js';
import type { FhirRequest, FhirResponse } from '../rest/fhir-request.js';
import type { RequestTarget } from '../rest/request-url.js';
import type { PatientKeyFn, ResourceStore, SqlExecutor, WriteResult } from '../store/index.js';
import { BREAK_GLASS_REASONS, readBreakGlassRequest } from './break-glass.js';
import { syncConsentDirectives } from './consent-directives.js';
import { recordSubscriptionOwners } from './subscription-owners.js';
import { InteractionLedger } from './interaction-ledger.js';
import { resolveAccess } from './resolve-access.js';
import type { ResolvedAccess } from './resolve-access.js';
import { patientVisibility } from './row-visibility.js';
import type { PatientVisibility } from './row-visibility.js';
import type { ResolveDeps } from './resolve-access.js';
import { CARE_ROLES, mayCallOperation, purposeOf } from './role-rules.js';
import { hasScope } from './scopes.js';
import { securedStore } from './secured-store.js';
import { pushProvenance } from './push-provenance.js';

/** One interaction in progress: the stores it may use, and how it ends in the audit trail. */
export interface Interaction {
  store: ResourceStore;
  /** No row limits, for operations with rules of their own; writes still audited as the caller. */
  elevated: ResourceStore;
  finish(response: FhirResponse): Promise<void>;
  fail(error: unknown): Promise<void>;
}

export interface AccessGuard {
  begin(principal: Principal, request: FhirRequest, target: RequestTarget): Promise<Interaction>;
}

export interface AccessGuardDeps {
  store: ResourceStore;
  audit: AuditLog;
  patientKey: PatientKeyFn;
  linkedPatientIds: ResolveDeps['linkedPatientIds'];
  now?: () => Date;
  /** How long after an encounter its organisation keeps a care relationship; default 90 days. */
  encounterRelationshipDays?: number;
  /**
   * How long one caller's resolved access (links, grants, relationships) is reused, in ms; default
   * 5,000. Choices and break-glass grants made through this process take effect at once; changes
   * made through another process within this time.
   */
  accessCacheMs?: number;
}

interface CachedAccess {
  at: number;
  resolved: ResolvedAccess;
  patients: Map<string, Promise<PatientVisibility>>;
}

const MAX_CACHED_CALLERS = 10_000;

function cacheKey(p: Principal): string {
  const scopes = p.scopes.map((s) => `${s.context}/${s.resourceType}.${[...s.permissions].sort().join('')}`);
  return JSON.stringify([p.subject, p.role, p.patient, p.person, p.organization, p.vot, p.source, scopes]);
}

type Kind = {
  subtype: AuditSubtype;
  action: AuditRecord['action'];
  permission?: 'r' | 's' | 'c' | 'u' | 'd';
};

function classify(request: FhirRequest, target: RequestTarget): Kind {
  const m = request.method;
  switch (target.kind) {
    case 'instance':
      if (m === 'GET' || m === 'HEAD') return { subtype: 'read', action: 'R', permission: 'r' };
      if (m === 'DELETE') return { subtype: 'delete', action: 'D', permission: 'd' };
      if (m === 'PATCH') return { subtype: 'patch', action: 'U', permission: 'u' };
      return { subtype: 'update', action: 'U', permission: 'u' };
    case 'version':
      return { subtype: 'vread', action: 'R', permission: 'r' };
    case 'type':
      if (m === 'POST') return { subtype: 'create', action: 'C', permission: 'c' };
      if (m === 'PUT') return { subtype: 'update', action: 'U', permission: 'u' };
      if (m === 'PATCH') return { subtype: 'patch', action: 'U', permission: 'u' };
      if (m === 'DELETE') return { subtype: 'delete', action: 'D', permission: 'd' };
      return { subtype: 'search-type', action: 'E', permission: 's' };
    case 'type-search':
    case 'compartment':
      return { subtype: 'search-type', action: 'E', permission: 's' };
    case 'system':
      if (m === 'POST') {
        const type = request.body && !Array.isArray(request.body) ? request.body.type : undefined;
        return { subtype: type === 'batch' ? 'batch' : 'transaction', action: 'E' };
      }
      return { subtype: 'search-system', action: 'E' };
    case 'instance-history':
      return { subtype: 'history-instance', action: 'R', permission: 'r' };
    case 'type-history':
      return { subtype: 'history-type', action: 'R', permission: 'r' };
    case 'system-history':
      return { subtype: 'history-system', action: 'R' };
    case 'operation':
      if (target.name === 'break-glass') return { subtype: 'break-glass', action: 'E' };
      return { subtype: target.name === 'export' ? 'export' : 'operation', action: 'E' };
    case 'metadata':
      return { subtype: 'capabilities', action: 'R' };
  }
}

function targetType(target: RequestTarget): string | undefined {
  if (target.kind === 'compartment') return target.resourceType;
  return 'resourceType' in target ? target.resourceType : undefined;
}

/** The Patient whose record an interaction is addressed to, when the URL names one. */
function addressedPatient(target: RequestTarget): string | undefined {
  if (target.kind === 'compartment' && target.ownerType === 'Patient') return target.ownerId;
  if (target.kind === 'operation' && target.level === 'instance' && target.resourceType === 'Patient')
    return target.id;
  return undefined;
}

/** Writes of these types change who may see what: cached access is dropped at once. */
const CHANGES_ACCESS = new Set(['Consent', 'RelatedPerson', 'Patient', 'CareTeam', 'EpisodeOfCare']);

function outcomeOf(status: number): AuditRecord['outcome'] {
  return status < 400 ? '0' : status < 500 ? '4' : '8';
}

/**
 * The one gate between callers and the record: resolves what the caller may see, checks the
 * interaction against their role and scopes, hands out a store that enforces it in every query, and
 * writes the interaction's AuditEvent — inside each write's transaction, or before a read is served.
 */
export function createAccessGuard(deps: AccessGuardDeps): AccessGuard {
  const now = deps.now ?? (() => new Date());
  const cacheMs = deps.accessCacheMs ?? 5000;
  const cache = new Map<string, CachedAccess>();
  const forget = () => cache.clear();
  async function accessOf(principal: Principal): Promise<CachedAccess> {
    const key = cacheKey(principal);
    const hit = cache.get(key);
    if (hit && now().getTime() - hit.at < cacheMs) return hit;
    const resolved = await deps.store.withExecutor((exec) => resolveAccess(principal, exec, resolveDeps));
    const entry: CachedAccess = { at: now().getTime(), resolved, patients: new Map() };
    if (cache.size >= MAX_CACHED_CALLERS) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
    return entry;
  }
  const resolveDeps: ResolveDeps = {
    linkedPatientIds: deps.linkedPatientIds,
    now,
    encounterRelationshipDays: deps.encounterRelationshipDays ?? 90,
  };

  return {
    async begin(principal, request, target) {
      const kind = classify(request, target);
      const ledger = new InteractionLedger();
      const query = `${request.method} ${request.url.slice(0, 2000)}`;
      let grants = new Map<string, string>();

      const record = (outcome: AuditRecord['outcome'], extra: Partial<AuditRecord> = {}): AuditRecord => {
        const patients = [...ledger.patients];
        const opened = patients.filter((p) => grants.has(p));
        if (kind.subtype === 'break-glass') {
          let reason: string | undefined;
          try {
            const r = readBreakGlassRequest(
              request.body && !Array.isArray(request.body) ? request.body : undefined,
            );
            reason = `${BREAK_GLASS_REASONS[r.code]}: ${r.text}`;
          } catch {
            reason = undefined;
          }
          return {
            action: 'E',
            subtype: 'break-glass',
            outcome,
            principal,
            patients,
            entities: [...ledger.entities],
            entityPatients: [...ledger.entityPatients],
            query,
            purposeOfUse: 'ETREAT',
            ...(reason ? { reason } : {}),
            ...extra,
          };
        }
        return {
          action: kind.action,
          subtype: kind.subtype,
          outcome,
          principal,
          patients,
          entities: [...ledger.entities],
          entityPatients: [...ledger.entityPatients],
          query,
          purposeOfUse: opened.length > 0 ? 'ETREAT' : purposeOf(principal.role),
          ...(opened.length > 0 ? { reason: grants.get(opened[0]!) } : {}),
          ...(target.kind === 'operation' ? { detail: `$${target.name}` } : {}),
          ...extra,
        };
      };
      const deny = async (error: unknown, patient?: string): Promise<never> => {
        if (patient) ledger.patients.add(patient);
        const status = isFhirError(error) ? error.status : 500;
        const diagnostics = isFhirError(error) ? error.issues[0]?.diagnostics : undefined;
        await deps.audit.record([
          record(outcomeOf(status), {
            subtype: status === 403 ? 'access-denied' : kind.subtype,
            ...(diagnostics ? { outcomeDescription: diagnostics } : {}),
          }),
        ]);
        throw error;
      };

      // The CapabilityStatement is public and holds no one's data.
      if (target.kind === 'metadata') {
        return {
          store: deps.store,
          elevated: deps.store,
          finish: async () => undefined,
          fail: async () => undefined,
        };
      }

      let cached: CachedAccess;
      try {
        cached = await accessOf(principal);
      } catch (e) {
        return deny(e);
      }
      const resolved = cached.resolved;
      const forPatient = (patientKey: string): Promise<PatientVisibility> => {
        let found = cached.patients.get(patientKey);
        if (!found) {
          found = deps.store.withExecutor((exec) => patientVisibility(exec, resolved.rule!, patientKey));
          found.catch(() => cached.patients.delete(patientKey));
          cached.patients.set(patientKey, found);
        }
        return found;
      };
      grants = resolved.grants;
      const rule = resolved.rule;

      if (target.kind === 'operation' && !mayCallOperation(principal.role, target.name)) {
        await deny(errors.forbidden(`Your role (${principal.role}) cannot use $${target.name}.`));
      }
      const type = targetType(target);
      if (
        kind.permission &&
        type &&
        kind.subtype !== 'create' &&
        !hasScope(principal, type, kind.permission)
      ) {
        await deny(errors.forbidden(`Your access token's scopes do not allow this on ${type}.`));
      }
      const patient = addressedPatient(target);
      // Breaking the glass is how a clinician asks for a record they cannot see yet.
      if (patient && rule && kind.subtype !== 'break-glass') {
        const visible = await deps.store.read('Patient', patient, { access: rule });
        if (!visible) {
          const exists = await deps.store.read('Patient', patient);
          if (exists && !exists.deleted) {
            await deny(
              CARE_ROLES.has(principal.role)
                ? errors.noRelationship(
                    `You have no care relationship with this patient. If you need this record to treat them, break the glass: POST Patient/${patient}/$break-glass with a reason. Access is audited and privacy officers are told.`,
                  )
                : errors.forbidden('You do not have access to this patient record.'),
              patient,
            );
          }
        }
      }

      const beforeCommit = async (exec: SqlExecutor, results: WriteResult[]) => {
        await syncConsentDirectives(exec, results);
        await recordSubscriptionOwners(exec, results, principal);
        if (kind.subtype === 'break-glass' || results.some((r) => CHANGES_ACCESS.has(r.resourceType))) {
          accessChanged = true;
          forget();
        }
        if (results.length === 0 && ledger.uncoveredReads === 0 && kind.subtype !== 'break-glass') return;
        const subtype: AuditSubtype =
          kind.subtype === 'operation' || kind.subtype === 'batch' || kind.subtype === 'transaction'
            ? kind.subtype
            : results.some((r) => r.outcome === 'deleted')
              ? 'delete'
              : kind.subtype;
        const parts = request.auditParts;
        if (subtype === 'transaction' && parts !== undefined && parts.length > 1) {
          // Several senders' Bundles in one transaction: an AuditEvent for each, naming what it wrote.
          const split = ledger.split(parts);
          await deps.audit.appendIn(
            exec,
            split.map((part, i) => ({
              ...record('0', { subtype }),
              ...part,
              detail: `part ${i + 1} of ${split.length} of a shared transaction`,
            })),
          );
          ledger.appended += split.length;
        } else {
          await deps.audit.appendIn(exec, [record('0', { subtype })]);
          ledger.appended++;
        }
        ledger.uncoveredReads = 0;
      };
      let accessChanged = false;
      const provenanceFor =
        principal.role === 'source'
          ? (results: WriteResult[]) => pushProvenance(principal, results, now())
          : undefined;
      const common = {
        principal,
        ledger,
        patientKey: deps.patientKey,
        beforeCommit,
        forPatient,
        ...(provenanceFor ? { provenanceFor } : {}),
      };
      const store = securedStore(deps.store, { ...common, rule, checkWrites: true });
      const elevated = securedStore(deps.store, { ...common, rule: undefined, checkWrites: false });

      return {
        store,
        elevated,
        async finish(response) {
          // Again after commit: a caller resolved meanwhile may have cached the state before it.
          if (accessChanged) forget();
          if (ledger.appended > 0 && ledger.uncoveredReads === 0) return;
          await deps.audit.record([record(outcomeOf(response.status))]);
        },
        async fail(error) {
          const status = isFhirError(error) ? error.status : 500;
          const diagnostics = isFhirError(error) ? error.issues[0]?.diagnostics : undefined;
          try {
            await deps.audit.record([
              record(outcomeOf(status), {
                ...(status === 403 ? { subtype: 'access-denied' as const } : {}),
                ...(diagnostics ? { outcomeDescription: diagnostics.slice(0, 500) } : {}),
              }),
            ]);
          } catch {
            // The interaction has failed already; its error is the one the caller needs.
          }
        },
      };
    },
  };
}
