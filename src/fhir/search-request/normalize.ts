/**
 * The form strings are compared in for default string search: case- and accent-insensitive
 * (`Zoë` matches `zoe`). Used both when indexing and when searching, so the two always agree.
 */
export function normalizeString(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
