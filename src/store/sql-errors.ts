import { errors, isFhirError } from '../fhir/index.js';

/** Turns driver errors into FhirErrors so that no SQL detail (or patient data in it) leaves the store. */
export function translateDbError(e: unknown): unknown {
  if (isFhirError(e)) return e;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case '23505':
      return errors.conflict('A concurrent request created or changed the same resource; try again.');
    case '40001':
    case '40P01':
      return errors.conflict('The request clashed with a concurrent transaction; try again.');
    case '22021':
    case '22P05':
      // Input the database cannot represent (a NUL character): refused, never a 500.
      return errors.badRequest('The request contains a character that cannot be stored (such as NUL).');
    case '57014':
      return errors.unavailable('The database cancelled the statement (timeout).');
    case '53300':
    case '08006':
    case '08001':
    case '57P01':
      return errors.unavailable('The database is unavailable; try again shortly.');
    default:
      return e;
  }
}
