import type { SqlExecutor } from './sql-driver.js';

/**
 * The highest version number below which no write can still commit: every version numbered up to it
 * is committed or rolled back for good. A reader that follows the version sequence (the patient
 * linker) must stop there, or a transaction that took a lower number but commits later would be
 * passed over for ever.
 *
 * It takes, for an instant, a lock that waits for every transaction holding a lock on `resource` or
 * `resource_id` to end and holds new ones back meanwhile. That covers every writer that has taken a
 * number: the write path locks one of the two tables before `nextval('resource_seq')` (the current
 * rows `FOR UPDATE`, the new ids into `resource_id`, or the one statement that does both). Plain
 * reads are not held back. Call it inside a transaction of its own; the lock ends with it.
 *
 * With `waitMs`, it gives up (rejecting with PostgreSQL's `lock_not_available`, 55P03) rather than
 * wait longer for a long transaction, during which new writes would queue behind the lock request.
 */
export async function settledSeq(exec: SqlExecutor, waitMs?: number): Promise<string> {
  if (waitMs !== undefined)
    await exec.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.floor(waitMs))}ms`]);
  await exec.query('LOCK TABLE resource, resource_id IN EXCLUSIVE MODE');
  const r = await exec.query<{ v: string; called: boolean }>(
    'SELECT last_value::text AS v, is_called AS called FROM resource_seq',
  );
  const row = r.rows[0];
  return row && row.called ? row.v : '0';
}
