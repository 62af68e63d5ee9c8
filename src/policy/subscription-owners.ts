import type { Principal } from '../auth/index.js';
import { formatScope, isRole, parseScope } from '../auth/index.js';
import type { SqlExecutor, WriteResult } from '../store/index.js';

/** What is kept of the person who wrote a Subscription: who they are, not the token they came with. */
interface StoredOwner {
  subject: string;
  role: string;
  name: string;
  person?: string;
  organization?: string;
  organizationName?: string;
  patient?: string;
  scopes: string[];
  clientId?: string;
  source?: string;
  issuer?: string;
}

function stored(p: Principal): StoredOwner {
  const { subject, role, name, person, organization, organizationName, patient, clientId, source, issuer } =
    p;
  return {
    subject,
    role,
    name,
    ...(person ? { person } : {}),
    ...(organization ? { organization } : {}),
    ...(organizationName ? { organizationName } : {}),
    ...(patient ? { patient } : {}),
    scopes: p.scopes.map(formatScope),
    ...(clientId ? { clientId } : {}),
    ...(source ? { source } : {}),
    ...(issuer ? { issuer } : {}),
  };
}

function principalOf(text: string): Principal | undefined {
  let o: StoredOwner;
  try {
    o = JSON.parse(text) as StoredOwner;
  } catch {
    return undefined;
  }
  if (typeof o.subject !== 'string' || typeof o.name !== 'string' || !isRole(o.role)) return undefined;
  const scopes = Array.isArray(o.scopes) ? o.scopes.map((s) => parseScope(String(s))) : [];
  return {
    ...o,
    role: o.role,
    scopes: scopes.filter((s) => s !== undefined),
  };
}

/**
 * Records, inside the write's transaction, who wrote each Subscription it created or changed (and
 * forgets those it deleted): notifications are searched as that person.
 */
export async function recordSubscriptionOwners(
  exec: SqlExecutor,
  results: readonly WriteResult[],
  principal: Principal,
): Promise<void> {
  const mine = results.filter((r) => r.resourceType === 'Subscription');
  if (mine.length === 0) return;
  const written = mine.filter((r) => r.outcome === 'created' || r.outcome === 'updated').map((r) => r.id);
  const deleted = mine.filter((r) => r.outcome === 'deleted').map((r) => r.id);
  if (written.length > 0) {
    // Heartwood's own changes (a status the dispatcher sets) keep the owner; a Subscription it
    // creates itself is its own.
    const onConflict =
      principal.role === 'system'
        ? 'DO NOTHING'
        : 'DO UPDATE SET principal = EXCLUDED.principal, written_at = now()';
    await exec.query(
      `INSERT INTO subscription_owner (id, principal) SELECT unnest($1::text[]), $2
       ON CONFLICT (id) ${onConflict}`,
      [written, JSON.stringify(stored(principal))],
    );
  }
  if (deleted.length > 0) {
    await exec.query('DELETE FROM subscription_owner WHERE id = ANY($1::text[])', [deleted]);
  }
}

/** The owners of these Subscriptions; one whose owner is unknown or unreadable is left out. */
export async function subscriptionOwners(
  exec: SqlExecutor,
  ids: readonly string[],
): Promise<Map<string, Principal>> {
  const owners = new Map<string, Principal>();
  if (ids.length === 0) return owners;
  const r = await exec.query<{ id: string; principal: string }>(
    'SELECT id, principal FROM subscription_owner WHERE id = ANY($1::text[])',
    [ids],
  );
  for (const row of r.rows) {
    const p = principalOf(row.principal);
    if (p) owners.set(row.id, p);
  }
  return owners;
}
