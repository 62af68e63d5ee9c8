/**
 * The errors the privacy core throws. Every message names parameters, columns or positions and never a
 * value: a value here is a person's identifier, a date of birth or a key, and error text ends up in logs.
 */
import { FhirError, errors } from '../../fhir/index.js';

/**
 * Stable code for a refused re-identification (HTTP 403). Proposed for docs/errors.md, which is owned
 * elsewhere; until it is listed there, this is the one place it is defined.
 */
export const REIDENTIFICATION_REFUSED_CODE = 'HW-PRIV-001';

export const privacyErrors = {
  /** A spec, option or argument the privacy core cannot work with (a caller's mistake, not data). */
  invalid: (diagnostics: string): FhirError => errors.badRequest(diagnostics),
  reidentificationRefused: (diagnostics: string): FhirError =>
    new FhirError(403, {
      severity: 'error',
      code: 'forbidden',
      detailsCode: REIDENTIFICATION_REFUSED_CODE,
      diagnostics,
    }),
};
