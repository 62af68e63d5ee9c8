import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { SqlExecutor } from '../../store/index.js';

/** Expired rows are swept every this many writes, so the table stays small without a timer. */
const SWEEP_EVERY = 200;

/**
 * oidc-provider's storage on Heartwood's database (table `oauth_record`; registered backend clients
 * in `oauth_client`). One factory per provider; the write counter is the only state and is local to it.
 */
export function createOAuthAdapterFactory(db: SqlExecutor): (model: string) => Adapter {
  let writes = 0;
  const sweep = async () => {
    writes += 1;
    if (writes % SWEEP_EVERY === 0) await db.query('DELETE FROM oauth_record WHERE expires_at < now()');
  };
  return (model: string) => (model === 'Client' ? clientAdapter(db) : recordAdapter(db, model, sweep));
}

interface RecordRow {
  payload: AdapterPayload;
  consumed: string | null;
}

function withConsumed(row: RecordRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  return row.consumed === null ? row.payload : { ...row.payload, consumed: Number(row.consumed) };
}

function recordAdapter(db: SqlExecutor, model: string, sweep: () => Promise<void>): Adapter {
  const select = `SELECT payload, extract(epoch FROM consumed_at)::bigint AS consumed FROM oauth_record
                  WHERE model = $1 AND (expires_at IS NULL OR expires_at > now())`;
  return {
    async upsert(id, payload, expiresIn) {
      await db.query(
        `INSERT INTO oauth_record (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [
          model,
          id,
          JSON.stringify(payload),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          typeof expiresIn === 'number' ? Math.ceil(expiresIn) : null,
        ],
      );
      await sweep();
    },
    async find(id) {
      const r = await db.query<RecordRow>(`${select} AND id = $2`, [model, id]);
      return withConsumed(r.rows[0]);
    },
    async findByUid(uid) {
      const r = await db.query<RecordRow>(`${select} AND uid = $2`, [model, uid]);
      return withConsumed(r.rows[0]);
    },
    async findByUserCode(userCode) {
      const r = await db.query<RecordRow>(`${select} AND user_code = $2`, [model, userCode]);
      return withConsumed(r.rows[0]);
    },
    async consume(id) {
      await db.query('UPDATE oauth_record SET consumed_at = now() WHERE model = $1 AND id = $2', [model, id]);
    },
    async destroy(id) {
      await db.query('DELETE FROM oauth_record WHERE model = $1 AND id = $2', [model, id]);
    },
    async revokeByGrantId(grantId) {
      // Every token of the grant, whatever its model (codes, access and refresh tokens).
      await db.query('DELETE FROM oauth_record WHERE grant_id = $1', [grantId]);
    },
  };
}

/** Registered backend clients, read-only to the provider; `heartwood admin client add` writes them. */
function clientAdapter(db: SqlExecutor): Adapter {
  const readOnly = async () => {
    throw new Error('Clients are registered with "heartwood admin client add".');
  };
  return {
    async find(id) {
      const r = await db.query<{ metadata: AdapterPayload }>(
        'SELECT metadata FROM oauth_client WHERE client_id = $1',
        [id],
      );
      return r.rows[0]?.metadata;
    },
    upsert: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}
