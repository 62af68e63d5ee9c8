import { FhirRequestError } from '../fhir/fhir-request-error.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * The technical side of a failure, folded away: what the server said (from its OperationOutcome)
 * and the reference its logs know the request by.
 */
export function ProblemDetails({ error }: { error: unknown }) {
  const { t } = useI18n();
  const fhirError = error instanceof FhirRequestError ? error : undefined;
  const messages = fhirError?.serverMessages ?? [];
  if (!fhirError) return null;
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{t('problem.detailsSummary')}</span>
      </summary>
      <div className="nhsuk-details__text">
        {messages.length > 0 && (
          <>
            <p>{t('problem.serverSaid')}</p>
            <ul>
              {messages.map((m, i) => (
                // The server's messages are English whatever the page's language.
                <li key={i} lang="en">
                  {m}
                </li>
              ))}
            </ul>
          </>
        )}
        {fhirError.status !== undefined && <p>{t('problem.status', { status: String(fhirError.status) })}</p>}
        {fhirError.requestId && (
          <p>
            {t('problem.reference')} <code>{fhirError.requestId}</code>
          </p>
        )}
      </div>
    </details>
  );
}
