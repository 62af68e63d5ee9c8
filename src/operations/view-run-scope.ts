/**
 * Which rows of the `resource` table a view runs over, for both engines: current, not deleted versions
 * of the view's type (history lives in another table, so it can never be reached), optionally narrowed
 * to one patient's compartment and to versions updated since an instant.
 */
import type { FhirResource } from '../fhir/index.js';
import { notOptedOutSql } from '../consent/index.js';
import type { SqlExecutor } from '../store/index.js';

export interface ViewScope {
  resourceType: string;
  /**
   * The store keys every resource in a patient compartment by that patient's id (`patient_key`), so
   * the compartment is one equality; callers check that the type is in the compartment at all.
   */
  patient?: string;
  since?: string;
  /** Secondary use (research, planning): people with the national data opt-out are left out. */
  secondaryUse?: boolean;
}

/** The WHERE conditions of a scope, with their parameters numbered from `first`. */
export function scopeConditions(scope: ViewScope, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope.resourceType];
  const conditions = [`resource_type = $${first}`, 'NOT deleted'];
  if (scope.patient !== undefined) {
    params.push(scope.patient);
    conditions.push(`patient_key = $${first + params.length - 1}`);
  }
  if (scope.since !== undefined) {
    params.push(scope.since);
    conditions.push(`last_updated >= $${first + params.length - 1}::timestamptz`);
  }
  if (scope.secondaryUse) conditions.push(notOptedOutSql('patient_key'));
  return { sql: conditions.join(' AND '), params };
}

/** Resources per page of the in-memory engine: bounds memory whatever the size of the store. */
const PAGE_SIZE = 500;

/**
 * The scope's resources in store order, read in keyset pages (never the whole type at once).
 * Stops reading when the consumer stops iterating.
 */
export async function* scopePages(db: SqlExecutor, scope: ViewScope): AsyncGenerator<FhirResource[]> {
  const where = scopeConditions(scope, 3);
  // seq travels as text: bigint would lose precision as a JavaScript number.
  const sql = `SELECT seq::text AS seq, content FROM resource WHERE seq > $1::bigint AND ${where.sql} ORDER BY seq LIMIT $2`;
  let after = '-1';
  for (;;) {
    const page = await db.query<{ seq: string; content: string }>(sql, [after, PAGE_SIZE, ...where.params]);
    if (page.rows.length === 0) return;
    yield page.rows.map((r) => JSON.parse(r.content) as FhirResource);
    if (page.rows.length < PAGE_SIZE) return;
    after = page.rows[page.rows.length - 1]!.seq;
  }
}
