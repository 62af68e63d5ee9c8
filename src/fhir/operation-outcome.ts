/** The FHIR R4 OperationOutcome shape and the error type every layer throws. */

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** FHIR IssueType codes (http://hl7.org/fhir/issue-type) that Heartwood uses. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'processing'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'not-found'
  | 'deleted'
  | 'too-long'
  | 'code-invalid'
  | 'conflict'
  | 'exception'
  | 'timeout'
  | 'too-costly'
  | 'throttled'
  | 'informational';

export interface Issue {
  severity: IssueSeverity;
  code: IssueType;
  /** Stable Heartwood error code, listed in docs/errors.md (e.g. `HW-VAL-001`). */
  detailsCode?: string;
  diagnostics: string;
  /** FHIRPath expressions of the elements the issue is about, e.g. `Patient.birthDate`. */
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: OperationOutcomeIssue[];
}

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: IssueType;
  details?: { coding?: { system: string; code: string }[]; text?: string };
  diagnostics?: string;
  expression?: string[];
}

export const HEARTWOOD_ERROR_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/error-code';

export function toOperationOutcome(issues: Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => {
      const out: OperationOutcomeIssue = { severity: i.severity, code: i.code };
      if (i.detailsCode) out.details = { coding: [{ system: HEARTWOOD_ERROR_SYSTEM, code: i.detailsCode }] };
      out.diagnostics = i.diagnostics;
      if (i.expression && i.expression.length > 0) out.expression = i.expression;
      return out;
    }),
  };
}

export function informational(diagnostics: string): OperationOutcome {
  return toOperationOutcome([{ severity: 'information', code: 'informational', diagnostics }]);
}

/**
 * An error with an HTTP status and FHIR issues. Everything below the HTTP layer throws this (or an
 * unexpected Error, which becomes a 500 without details); the HTTP error mapper turns it into a response.
 */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: Issue[];

  constructor(status: number, issues: Issue[] | Issue) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.map((i) => i.diagnostics).join('; '));
    this.name = 'FhirError';
    this.status = status;
    this.issues = list;
  }

  toOperationOutcome(): OperationOutcome {
    return toOperationOutcome(this.issues);
  }
}

export function isFhirError(e: unknown): e is FhirError {
  return e instanceof FhirError;
}

function simple(status: number, code: IssueType, detailsCode: string) {
  return (diagnostics: string, expression?: string[]): FhirError =>
    new FhirError(status, { severity: 'error', code, detailsCode, diagnostics, expression });
}

/** Factories for the common failures; each carries its stable code (see docs/errors.md). */
export const errors = {
  badRequest: simple(400, 'invalid', 'HW-REQ-001'),
  malformedJson: simple(400, 'structure', 'HW-REQ-002'),
  unsupportedMediaType: simple(415, 'not-supported', 'HW-REQ-003'),
  notAcceptable: simple(406, 'not-supported', 'HW-REQ-004'),
  bodyTooLarge: simple(413, 'too-long', 'HW-REQ-005'),
  invalidId: simple(400, 'value', 'HW-REQ-006'),
  unknownResourceType: simple(404, 'not-supported', 'HW-REQ-007'),
  notSupported: simple(501, 'not-supported', 'HW-REQ-008'),
  methodNotAllowed: simple(405, 'not-supported', 'HW-REQ-009'),
  notFoundPath: simple(404, 'not-found', 'HW-REQ-010'),
  unknownParameter: simple(400, 'not-supported', 'HW-SRCH-001'),
  invalidParameter: simple(400, 'value', 'HW-SRCH-002'),
  notFound: simple(404, 'not-found', 'HW-RES-001'),
  gone: simple(410, 'deleted', 'HW-RES-002'),
  versionConflict: simple(412, 'conflict', 'HW-RES-003'),
  conflict: simple(409, 'conflict', 'HW-RES-004'),
  multipleMatches: simple(412, 'multiple-matches', 'HW-RES-005'),
  unprocessable: simple(422, 'processing', 'HW-RES-007'),
  bundleEntry: simple(400, 'processing', 'HW-BUN-001'),
  internal: simple(500, 'exception', 'HW-SRV-001'),
  unavailable: simple(503, 'exception', 'HW-SRV-002'),
  /** The caller's role or scopes do not allow this interaction. */
  forbidden: simple(403, 'forbidden', 'HW-POL-001'),
  /** No legitimate relationship with this patient: break glass is possible, with a reason. */
  noRelationship: simple(403, 'forbidden', 'HW-POL-002'),
  /** A patient sign-in with too low an identity proofing level for the record. */
  proofingTooLow: simple(403, 'forbidden', 'HW-POL-003'),
  // Authentication: every 401 also carries WWW-Authenticate (added by the HTTP error mapper).
  authMissing: simple(401, 'login', 'HW-AUTH-001'),
  authMalformed: simple(401, 'login', 'HW-AUTH-002'),
  authBadSignature: simple(401, 'login', 'HW-AUTH-003'),
  authExpired: simple(401, 'login', 'HW-AUTH-004'),
  authWrongIssuer: simple(401, 'login', 'HW-AUTH-005'),
  authWrongAudience: simple(401, 'login', 'HW-AUTH-006'),
  authClaims: simple(401, 'login', 'HW-AUTH-007'),
  authThrottled: simple(429, 'throttled', 'HW-AUTH-008'),
};
