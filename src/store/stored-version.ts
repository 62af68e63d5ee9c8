import type { StoredVersion } from './resource-store.js';

/** A version row as the store's queries select it. */
export interface VersionRow {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: string;
  deleted: boolean;
  content: string | null;
  seq?: string;
  patient_key?: string;
}

export function toStoredVersion(row: VersionRow): StoredVersion {
  const v: StoredVersion = {
    resourceType: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    lastUpdated: row.last_updated,
    deleted: row.deleted,
  };
  if (row.content !== null) v.content = row.content;
  if (row.patient_key !== undefined) v.patientKey = row.patient_key;
  return v;
}
