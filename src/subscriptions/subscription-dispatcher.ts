import { systemPrincipal } from '../auth/index.js';
import type { FhirResource } from '../fhir/index.js';
import { isFhirError } from '../fhir/index.js';
import { subscriptionOwners } from '../policy/index.js';
import type { FhirService } from '../rest/index.js';
import type { ResourceStore, SqlExecutor } from '../store/index.js';
import { settledSeq, startBackgroundLoop } from '../store/index.js';
import type { BackgroundLoop } from '../store/index.js';
import { checkSubscription } from './subscription-check.js';
import type { ServedSubscription } from './subscription-check.js';

export interface SubscriptionDispatcherDeps {
  /** The store, for Heartwood's own bookkeeping (which Subscriptions exist, what changed). */
  store: ResourceStore;
  /** The guarded service: every notification is a search made as the Subscription's owner. */
  service: FhirService;
  /** URL prefixes a channel endpoint must start with (none: no rest-hook is ever activated). */
  allowedEndpoints: readonly string[];
  isResourceType(type: string): boolean;
  fetch?: typeof fetch;
  now?: () => Date;
  /** How long one delivery may take (default 10 s). */
  timeoutMs?: number;
  /** Failed attempts in a row before a Subscription is set to `error` (default 10). */
  maxFailures?: number;
  /** Changed resources read per round (default 500). */
  batchSize?: number;
}

export interface DispatchProgress {
  /** Subscriptions set to `active`, `error` or `off` this round. */
  statusChanges: number;
  delivered: number;
  failed: number;
}

interface StateRow {
  id: string;
  delivered_seq: string;
  failures: number;
  /** When it may be tried again (ms since the epoch), after a failure. */
  retry_ms: number | null;
}

interface Change {
  type: string;
  id: string;
  seq: bigint;
}

/**
 * Sends FHIR R4 `rest-hook` notifications for Subscriptions, following the resource version sequence
 * as far as every write has settled. Each notification is the Subscription's criteria searched, for
 * the resources that changed, as the person who wrote the Subscription, through the same guard as
 * every other request: they are told only what they may still see at the time of sending, and the
 * audit trail records it as their search, with the ids sent. Delivery is at least once: a Subscription
 * moves past a change only once its endpoint has accepted it, and retries with a growing wait.
 */
export function createSubscriptionDispatcher(deps: SubscriptionDispatcherDeps) {
  const send = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const maxFailures = deps.maxFailures ?? 10;
  const batchSize = deps.batchSize ?? 500;
  const system = systemPrincipal('Heartwood subscription dispatcher');

  const exec = <T>(fn: (e: SqlExecutor) => Promise<T>) => deps.store.withExecutor(fn);

  /** Sets a Subscription's status (and `error`), unless someone changed it meanwhile. */
  async function setStatus(
    resource: FhirResource & { id: string },
    versionId: number,
    status: 'active' | 'error' | 'off',
    error?: string,
  ): Promise<boolean> {
    const body: FhirResource = { ...resource, status };
    // Its meta.source stays: a source system sees only what it recorded, its Subscriptions included.
    const { versionId: _v, lastUpdated: _u, ...meta } = (resource.meta ?? {}) as Record<string, unknown>;
    if (Object.keys(meta).length > 0) body.meta = meta;
    else delete body.meta;
    if (error) body.error = error;
    else delete body.error;
    try {
      await deps.service.handle(
        { method: 'PUT', url: `Subscription/${resource.id}`, body, ifMatch: `W/"${versionId}"` },
        { principal: system },
      );
      return true;
    } catch (e) {
      if (isFhirError(e) && (e.status === 409 || e.status === 412)) return false;
      throw e;
    }
  }

  async function subscriptions(): Promise<{ resource: FhirResource & { id: string }; versionId: number }[]> {
    const r = await exec((e) =>
      e.query<{ id: string; version_id: number; content: string }>(
        `SELECT id, version_id, content FROM resource WHERE resource_type = 'Subscription' AND NOT deleted`,
      ),
    );
    return r.rows.map((row) => ({
      resource: { ...(JSON.parse(row.content) as FhirResource), id: row.id },
      versionId: Number(row.version_id),
    }));
  }

  async function deliver(sub: ServedSubscription, resource: FhirResource & { id: string }): Promise<void> {
    const url = sub.withResource ? `${sub.endpoint}/${resource.resourceType}/${resource.id}` : sub.endpoint;
    const response = await send(url, {
      method: sub.withResource ? 'PUT' : 'POST',
      headers: sub.withResource ? { 'content-type': 'application/fhir+json' } : {},
      ...(sub.withResource ? { body: JSON.stringify(resource) } : {}),
      // A redirect could lead anywhere, past the allowed endpoints: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299)
      throw new Error(`the endpoint answered ${response.status}`);
  }

  /** The resources of the Subscription's criteria among `ids`, searched as its owner. */
  async function matches(
    sub: ServedSubscription,
    ids: string[],
    owner: Parameters<FhirService['handle']>[1],
  ): Promise<Map<string, FhirResource & { id: string }>> {
    const sep = sub.criteria.includes('?') ? '&' : '?';
    const response = await deps.service.handle(
      { method: 'GET', url: `${sub.criteria}${sep}_id=${ids.join(',')}&_count=${ids.length}` },
      owner,
    );
    const bundle = JSON.parse(response.body ?? '{}') as {
      entry?: { resource?: FhirResource & { id: string }; search?: { mode?: string } }[];
    };
    const found = new Map<string, FhirResource & { id: string }>();
    for (const entry of bundle.entry ?? []) {
      if (entry.resource && entry.search?.mode !== 'include') found.set(entry.resource.id, entry.resource);
    }
    return found;
  }

  async function recordFailure(id: string, failures: number, deliveredSeq: bigint, reason: string) {
    const waitS = Math.min(300, 2 ** Math.min(failures, 9));
    await exec((e) =>
      e.query(
        `UPDATE subscription_state SET delivered_seq = $2, failures = $3, last_error = $4,
           retry_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [id, deliveredSeq.toString(), failures, reason, waitS],
      ),
    );
  }

  /** One round: activates new Subscriptions, then notifies for what changed since each was last served. */
  async function drain(options: { settleWaitMs?: number } = {}): Promise<DispatchProgress> {
    const progress: DispatchProgress = { statusChanges: 0, delivered: 0, failed: 0 };
    const live = (await subscriptions()).filter(
      ({ resource }) => resource.status === 'requested' || resource.status === 'active',
    );
    if (live.length === 0) return progress;
    const states = new Map(
      (
        await exec((e) =>
          e.query<StateRow>(`SELECT id, delivered_seq::text, failures, (extract(epoch FROM retry_at) * 1000)::float8 AS retry_ms
             FROM subscription_state`),
        )
      ).rows.map((r) => [r.id, r]),
    );
    // Settling takes a moment's lock that holds writes back: not taken when every Subscription is
    // active and has been served up to the last version number given out (or is waiting to retry).
    const latest = await exec((e) =>
      e
        .query<{ v: string }>('SELECT last_value::text AS v FROM resource_seq')
        .then((r) => BigInt(r.rows[0]?.v ?? '0')),
    );
    const servedUpToLatest = ({ resource }: (typeof live)[number]) => {
      const state = states.get(resource.id);
      if (resource.status !== 'active' || state === undefined) return false;
      const waiting = state.retry_ms !== null && Number(state.retry_ms) > now().getTime();
      return waiting || BigInt(state.delivered_seq) >= latest;
    };
    if (live.every(servedUpToLatest)) return progress;
    let horizon: bigint;
    try {
      horizon = BigInt(
        await deps.store.transaction((tx) => tx.withExecutor((e) => settledSeq(e, options.settleWaitMs))),
      );
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') return progress;
      throw e;
    }

    const served: { sub: ServedSubscription; resource: FhirResource & { id: string }; from: bigint }[] = [];
    for (const { resource, versionId } of live) {
      const status = resource.status;
      const check = checkSubscription(resource, versionId, deps);
      if (!check.ok) {
        if (await setStatus(resource, versionId, 'error', check.reason)) progress.statusChanges++;
        continue;
      }
      const sub = check.subscription;
      if (sub.end !== undefined && Date.parse(sub.end) <= now().getTime()) {
        if (await setStatus(resource, versionId, 'off')) progress.statusChanges++;
        continue;
      }
      if (status === 'requested') {
        // Notified of what changes from now on, not of what was there before.
        await exec((e) =>
          e.query(
            `INSERT INTO subscription_state (id, delivered_seq) VALUES ($1, $2)
             ON CONFLICT (id) DO UPDATE SET delivered_seq = EXCLUDED.delivered_seq, failures = 0, retry_at = NULL, last_error = NULL`,
            [sub.id, horizon.toString()],
          ),
        );
        if (await setStatus(resource, versionId, 'active')) progress.statusChanges++;
        continue;
      }
      const state = states.get(sub.id);
      if (!state) {
        await exec((e) =>
          e.query(
            'INSERT INTO subscription_state (id, delivered_seq) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
            [sub.id, horizon.toString()],
          ),
        );
        continue;
      }
      if (state.retry_ms !== null && Number(state.retry_ms) > now().getTime()) continue;
      served.push({ sub, resource, from: BigInt(state.delivered_seq) });
    }
    if (served.length === 0) return progress;

    // One read of what changed, for every Subscription at once.
    const from = served.reduce((low, s) => (s.from < low ? s.from : low), horizon);
    const types = [...new Set(served.map((s) => s.sub.type))];
    const rows = (
      await exec((e) =>
        e.query<{ resource_type: string; id: string; seq: string }>(
          `SELECT resource_type, id, seq::text FROM resource
           WHERE seq > $1 AND seq <= $2 AND NOT deleted AND resource_type = ANY($3::text[])
           ORDER BY seq LIMIT $4`,
          [from.toString(), horizon.toString(), types, batchSize],
        ),
      )
    ).rows;
    const changes: Change[] = rows.map((r) => ({ type: r.resource_type, id: r.id, seq: BigInt(r.seq) }));
    // A full batch covers the changes up to its last one only.
    const upTo = changes.length === batchSize ? changes[changes.length - 1]!.seq : horizon;

    const owners = await exec((e) =>
      subscriptionOwners(
        e,
        served.map((s) => s.sub.id),
      ),
    );
    // Those with nothing among the changes move on together, in one statement.
    const unchanged: string[] = [];
    for (const { sub, resource, from: delivered } of served) {
      const mine = changes.filter((c) => c.type === sub.type && c.seq > delivered);
      if (mine.length === 0) {
        if (upTo > delivered) unchanged.push(sub.id);
        continue;
      }
      const owner = owners.get(sub.id);
      if (!owner) {
        if (await setStatus(resource, sub.versionId, 'error', 'Nobody is recorded as having written it.'))
          progress.statusChanges++;
        continue;
      }
      let found: Map<string, FhirResource & { id: string }>;
      try {
        found = await matches(sub, [...new Set(mine.map((c) => c.id))], { principal: owner });
      } catch (e) {
        if (!isFhirError(e)) throw e;
        // The criteria no longer parse, or the owner may no longer search these records.
        const reason =
          e.status === 403
            ? 'The person who wrote it may no longer search these records.'
            : `Its criteria cannot be searched: ${e.issues[0]?.diagnostics ?? 'invalid search'}`;
        if (await setStatus(resource, sub.versionId, 'error', reason)) progress.statusChanges++;
        continue;
      }
      const state = states.get(sub.id)!;
      let reached = delivered;
      let failure: string | undefined;
      for (const change of mine) {
        const match = found.get(change.id);
        if (match) {
          try {
            await deliver(sub, match);
            progress.delivered++;
          } catch (e) {
            failure =
              e instanceof Error && e.name !== 'TimeoutError' ? e.message : 'the endpoint did not answer';
            break;
          }
        }
        reached = change.seq;
      }
      if (failure === undefined) {
        await exec((e) =>
          e.query(
            'UPDATE subscription_state SET delivered_seq = $2, failures = 0, retry_at = NULL, last_error = NULL WHERE id = $1',
            [sub.id, (upTo > reached ? upTo : reached).toString()],
          ),
        );
        continue;
      }
      progress.failed++;
      const failures = state.failures + 1;
      // Up to the change before the one that failed: that one is sent again next time.
      await recordFailure(sub.id, failures, reached, failure);
      if (failures >= maxFailures) {
        if (
          await setStatus(
            resource,
            sub.versionId,
            'error',
            `Notifications failed ${failures} times: ${failure}.`,
          )
        )
          progress.statusChanges++;
      }
    }
    if (unchanged.length > 0) {
      await exec((e) =>
        e.query(
          'UPDATE subscription_state SET delivered_seq = $2 WHERE id = ANY($1::text[]) AND delivered_seq < $2',
          [unchanged, upTo.toString()],
        ),
      );
    }
    return progress;
  }

  return { drain };
}

export type SubscriptionDispatcher = ReturnType<typeof createSubscriptionDispatcher>;

/** Runs the dispatcher every `intervalMs` in the background. */
export function startSubscriptionDispatcher(
  dispatcher: SubscriptionDispatcher,
  intervalMs = 1000,
): BackgroundLoop {
  return startBackgroundLoop(() => dispatcher.drain({ settleWaitMs: 100 }), intervalMs);
}
