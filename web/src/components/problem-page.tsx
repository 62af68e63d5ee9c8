import { FhirRequestError } from '../fhir/fhir-request-error.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../routing/link.js';
import { Page } from './page.js';
import { ProblemDetails } from './problem-details.js';

/**
 * A page whose main content could not be loaded, explained by what went wrong: nothing there (404),
 * not allowed (401/403), a request the service refused (other 4xx), or the service failing.
 */
export function ProblemPage({ error }: { error: unknown }) {
  const { t } = useI18n();
  const status = error instanceof FhirRequestError ? error.status : undefined;
  if (status === 404 || status === 410) {
    return (
      <Page title={t('problem.notFound.title')}>
        <p>{t('problem.notFound.body')}</p>
        <p>
          <Link to="/">{t('problem.goHome')}</Link>
        </p>
        <ProblemDetails error={error} />
      </Page>
    );
  }
  if (status === 401) {
    // The session ended (expired and not renewed, or signed out elsewhere): sign in again, then back here.
    const here = `${window.location.pathname}${window.location.search}`;
    return (
      <Page title={t('problem.signedOut.title')}>
        <p>{t('problem.signedOut.body')}</p>
        <p>
          <Link to={`/sign-in?return=${encodeURIComponent(here)}`}>{t('signIn.again')}</Link>
        </p>
        <ProblemDetails error={error} />
      </Page>
    );
  }
  if (status === 403) {
    return (
      <Page title={t('problem.forbidden.title')}>
        <p>{t('problem.forbidden.body')}</p>
        <ProblemDetails error={error} />
      </Page>
    );
  }
  const refused = status !== undefined && status >= 400 && status < 500;
  return (
    <Page title={t('problem.service.title')}>
      <p>{refused ? t('problem.refused.body') : t('problem.service.body')}</p>
      <p>{t('problem.service.urgent')}</p>
      <ProblemDetails error={error} />
    </Page>
  );
}
