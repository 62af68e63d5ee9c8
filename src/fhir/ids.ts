/** The FHIR id rule: 1-64 characters from A-Z, a-z, 0-9, '-' and '.'. */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
const VERSION_PATTERN = /^[1-9][0-9]{0,9}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function isValidVersionId(versionId: string): boolean {
  return VERSION_PATTERN.test(versionId) && Number(versionId) <= 2_147_483_647;
}

/** Server-assigned ids are random UUIDs: unguessable and free of any meaning about the patient. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
