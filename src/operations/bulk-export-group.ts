import type { FhirResource } from '../fhir/index.js';

interface Member {
  entity?: { reference?: unknown };
  inactive?: unknown;
  period?: { start?: unknown; end?: unknown };
}

/**
 * The Patients a Group exports: members whose entity is a Patient, not flagged `inactive`, and whose
 * `period` (when given) covers `now`. Other member types (e.g. Practitioner) are not patients and are
 * skipped, as the Bulk Data IG exports patient compartments.
 */
export function activePatientMembers(group: FhirResource, now: Date): string[] {
  const members = Array.isArray(group.member) ? (group.member as Member[]) : [];
  const at = now.getTime();
  const out = new Set<string>();
  for (const m of members) {
    const ref = m.entity?.reference;
    if (typeof ref !== 'string' || !ref.startsWith('Patient/') || m.inactive === true) continue;
    const start = typeof m.period?.start === 'string' ? Date.parse(m.period.start) : NaN;
    const end = typeof m.period?.end === 'string' ? endOf(m.period.end) : NaN;
    if (!Number.isNaN(start) && start > at) continue;
    if (!Number.isNaN(end) && end < at) continue;
    out.add(ref.slice('Patient/'.length));
  }
  return [...out];
}

/** A dateTime's end: `2024-03-01` lasts the whole day, so membership ending that day still counts. */
function endOf(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) return t;
  if (/^\d{4}$/.test(value)) return Date.parse(`${Number(value) + 1}-01-01T00:00:00Z`) - 1;
  if (/^\d{4}-\d{2}$/.test(value)) {
    const [y, m] = value.split('-').map(Number) as [number, number];
    return Date.UTC(y, m, 1) - 1;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return t + 86_400_000 - 1;
  return t;
}

/** A Group's active Patient members read straight from the store (the command line has no HTTP). */
export async function groupMembersFromStore(
  driver: { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> },
  groupId: string,
  now: Date,
): Promise<string[] | undefined> {
  const { rows } = await driver.query<{ content: string }>(
    `SELECT content FROM resource WHERE resource_type = 'Group' AND id = $1 AND NOT deleted`,
    [groupId],
  );
  if (!rows[0]) return undefined;
  return activePatientMembers(JSON.parse(rows[0].content) as FhirResource, now);
}
