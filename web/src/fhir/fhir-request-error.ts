import type { OperationOutcome } from './resources.js';

export type FhirErrorKind = 'http' | 'network' | 'format';

/**
 * Why a call to the FHIR API failed: the HTTP status and the server's OperationOutcome when there
 * was a response, or a network or format failure when there was none (or it was not FHIR).
 */
export class FhirRequestError extends Error {
  override readonly name = 'FhirRequestError';

  constructor(
    readonly kind: FhirErrorKind,
    message: string,
    readonly status?: number,
    readonly outcome?: OperationOutcome,
    /** The server's X-Request-Id, which its logs are keyed by: worth quoting to a support desk. */
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** What the server said, in its own words (the issues' diagnostics or details text). */
  get serverMessages(): string[] {
    return (this.outcome?.issue ?? [])
      .map((issue) => issue.diagnostics ?? issue.details?.text)
      .filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  }
}
