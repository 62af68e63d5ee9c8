import type { Principal } from '../auth/index.js';
import { errors } from '../fhir/index.js';
import type {
  AccessRule,
  ResourceStore,
  SqlExecutor,
  StoredVersion,
  WriteRequest,
  WriteResult,
} from '../store/index.js';
import { accessSql, SqlParams } from '../store/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { InteractionLedger } from './interaction-ledger.js';
import { versionVisible } from './row-visibility.js';
import type { PatientVisibility } from './row-visibility.js';
import { CARE_ROLES, mayWriteType } from './role-rules.js';
import { hasScope } from './scopes.js';

export interface SecuredStoreContext {
  principal: Principal;
  /** Undefined: no limit on rows. */
  rule: AccessRule | undefined;
  ledger: InteractionLedger;
  patientKey: (resource: FhirResource & { id: string }) => string;
  /** Runs inside each write transaction before it commits: audit and derived records. */
  beforeCommit: (exec: SqlExecutor, results: WriteResult[]) => Promise<void>;
  /** Whether writes are checked against the caller's rights (false for the elevated store). */
  checkWrites: boolean;
  /** A Provenance to write with the changes of each transaction (source systems' pushes). */
  provenanceFor?: (results: WriteResult[]) => (FhirResource & { id: string }) | undefined;
  /** The rule evaluated for one patient (cached by the guard), so reads by id are checked in memory. */
  forPatient: (patientKey: string) => Promise<PatientVisibility>;
}

/**
 * The store as one caller may use it: every read, search, include and history page is limited by
 * the caller's rule inside the query itself, every write is checked against their role and the
 * records they may see, and every transaction commits with its audit record.
 */
export function securedStore(raw: ResourceStore, ctx: SecuredStoreContext): ResourceStore {
  const access = ctx.rule;

  function hidden(type: string, id: string, existing: Pick<StoredVersion, 'patientKey'>): never {
    const inRecord = existing.patientKey !== undefined && (type === 'Patient' || existing.patientKey !== id);
    // A refused attempt on someone's record belongs in their access log too.
    if (inRecord) ctx.ledger.patients.add(existing.patientKey!);
    if (inRecord && CARE_ROLES.has(ctx.principal.role)) {
      throw errors.noRelationship(
        `You have no care relationship with this patient. If you need this record to treat them, break the glass: POST Patient/${existing.patientKey}/$break-glass with a reason. Access is audited and privacy officers are told.`,
      );
    }
    throw errors.forbidden(`You do not have access to ${type}/${id}.`);
  }

  /** Updates and deletes touch only what the caller may see: one query for every entry of the write. */
  async function authorizeChanges(
    tx: ResourceStore,
    changed: { type: string; id: string }[],
    rule: AccessRule,
  ): Promise<void> {
    const p = new SqlParams();
    const types = p.add(
      changed.map((c) => c.type),
      'text[]',
    );
    const ids = p.add(
      changed.map((c) => c.id),
      'text[]',
    );
    const predicate = accessSql(rule, 'r', p);
    const r = await tx.withExecutor((exec) =>
      exec.query<{ ord: string; patient_key: string | null; visible: boolean }>(
        `SELECT u.ord::text AS ord, r.patient_key, ${predicate} AS visible
         FROM unnest(${types}, ${ids}) WITH ORDINALITY AS u(resource_type, id, ord)
         JOIN resource r ON r.resource_type = u.resource_type AND r.id = u.id AND NOT r.deleted
         ORDER BY u.ord`,
        p.values,
      ),
    );
    for (const row of r.rows) {
      if (row.visible) continue;
      const c = changed[Number(row.ord) - 1]!;
      hidden(c.type, c.id, row.patient_key === null ? {} : { patientKey: row.patient_key });
    }
  }

  async function authorizeWrites(tx: ResourceStore, requests: WriteRequest[]): Promise<void> {
    const { principal } = ctx;
    const checks: { key: string; type: string; id: string }[] = [];
    const changed: { type: string; id: string }[] = [];
    for (const req of requests) {
      const type = req.op === 'delete' ? req.resourceType : req.resource.resourceType;
      const id = req.op === 'delete' ? req.id : req.resource.id;
      if (!mayWriteType(principal.role, type)) {
        throw errors.forbidden(`Your role (${principal.role}) cannot change ${type} resources.`);
      }
      const permission = req.op === 'delete' ? 'd' : req.op === 'create' ? 'c' : 'u';
      if (!hasScope(principal, type, permission)) {
        throw errors.forbidden(`Your access token's scopes do not allow this change to ${type}.`);
      }
      if (principal.role === 'source' && req.op !== 'delete') {
        const meta = (req.resource.meta ??= {}) as { source?: string };
        const own = access?.source;
        if (own) {
          if (meta.source !== undefined && meta.source !== own) {
            throw errors.forbidden(`A source system records under its own meta.source (${own}).`);
          }
          meta.source = own;
        }
      }
      if (!access) continue;
      if (req.op !== 'create') changed.push({ type, id });
      if (req.op === 'delete') continue;
      // A source writes anywhere under its own meta.source (stamped above); it reads only that.
      if (principal.role === 'source') continue;
      const key = ctx.patientKey(req.resource);
      // A clinician registering a new patient has no relationship with them yet.
      if (type === 'Patient' && req.op === 'create' && CARE_ROLES.has(principal.role)) continue;
      checks.push({ key, type, id });
    }
    if (!access) return;
    if (changed.length > 0) await authorizeChanges(tx, changed, access);
    if (checks.length === 0) return;
    const p = new SqlParams();
    const keys = p.add(
      checks.map((c) => c.key),
      'text[]',
    );
    const types = p.add(
      checks.map((c) => c.type),
      'text[]',
    );
    const ids = p.add(
      checks.map((c) => c.id),
      'text[]',
    );
    const predicate = accessSql(access, 'r', p);
    const r = await tx.withExecutor((exec) =>
      exec.query<{ ok: boolean }>(
        `SELECT ${predicate} AS ok FROM unnest(${keys}, ${types}, ${ids}) AS r(patient_key, resource_type, id)`,
        p.values,
      ),
    );
    r.rows.forEach((row, i) => {
      if (!row.ok) {
        const c = checks[i]!;
        throw errors.forbidden(`You cannot write ${c.type} into a record you do not have access to.`);
      }
    });
  }

  type SecuredTx = ResourceStore & { pendingWrites(): WriteResult[] };

  function bind(store: ResourceStore, inTransaction: boolean): SecuredTx {
    const pending: WriteResult[] = [];
    const secured: ResourceStore = {
      async read(type, id) {
        const v = await store.read(type, id);
        if (v && access && !(await versionVisible(access, v, ctx.forPatient))) hidden(type, id, v);
        ctx.ledger.read([v]);
        return v;
      },
      async vread(type, id, versionId) {
        const v = await store.vread(type, id, versionId);
        if (v && access) {
          // A version is shown only if the record it belongs to is visible now.
          const current = (await store.read(type, id)) ?? v;
          if (
            !(await versionVisible(
              access,
              { ...v, patientKey: current.patientKey ?? v.patientKey },
              ctx.forPatient,
            ))
          )
            hidden(type, id, current);
        }
        ctx.ledger.read([v]);
        return v;
      },
      async history(query) {
        const page = await store.history({ ...query, ...(access ? { access } : {}) });
        ctx.ledger.read(page.versions);
        return page;
      },
      async search(request) {
        const result = await store.search(request, { access });
        ctx.ledger.read(result.resources);
        ctx.ledger.read(result.included);
        return result;
      },
      async write(requests, options) {
        if (!inTransaction) return secured.transaction((tx) => tx.write(requests, options));
        if (ctx.checkWrites) await authorizeWrites(store, requests);
        const results = await store.write(requests, options);
        pending.push(...results);
        ctx.ledger.written(results, options?.entries);
        return results;
      },
      transaction(fn) {
        if (inTransaction) return fn(secured);
        return store.transaction(async (rawTx) => {
          const tx = bind(rawTx, true);
          const out = await fn(tx);
          const provenance = ctx.provenanceFor?.(tx.pendingWrites());
          if (provenance) {
            const written = await rawTx.write([{ op: 'create', resource: provenance }]);
            tx.pendingWrites().push(...written);
            ctx.ledger.written(written);
          }
          await tx.withExecutor((exec) => ctx.beforeCommit(exec, tx.pendingWrites()));
          return out;
        });
      },
      withExecutor: (fn) => store.withExecutor(fn),
      close: () => Promise.reject(new Error('A caller cannot close the store.')),
    };
    return Object.assign(secured, { pendingWrites: () => pending });
  }

  return bind(raw, false);
}
