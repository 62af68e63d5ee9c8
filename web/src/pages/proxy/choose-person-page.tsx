import { personName } from '../../clinical/person-name.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Patient } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useSession } from '../../session/session-context.js';

/**
 * A carer chooses whose record to look at. The list is what the server lets them see: a proxy's
 * Patient search returns exactly the people they hold an unexpired grant for.
 */
export function ChoosePersonPage() {
  const { t, date } = useI18n();
  const { session, actFor } = useSession();
  const { navigate } = useRouter();
  const query = useFhirQuery('proxy:people', async (client, signal) =>
    matchedResources<Patient>(await client.search('Patient', { _count: 20 }, signal), 'Patient'),
  );
  return (
    <Page title={t('proxy.choose.title')}>
      <p>{t('proxy.choose.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('proxy.choose.loading')} />}
      {query.status === 'error' && <SectionProblem message={t('proxy.choose.failed')} error={query.error} />}
      {query.status === 'done' && (
        <ul className="nhsuk-list">
          {query.data.map((p) => {
            const name = personName(p.name) ?? t('proxy.someone');
            const current = p.id === session?.patientId;
            return (
              <li key={p.id} className="nhsuk-u-margin-bottom-3">
                <button
                  type="button"
                  className={`nhsuk-button nhsuk-u-margin-bottom-1${current ? ' nhsuk-button--secondary' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  onClick={() => {
                    actFor({ id: p.id!, name });
                    navigate('/');
                  }}
                >
                  {t(current ? 'proxy.choose.current' : 'proxy.choose.actFor', { name })}
                </button>
                {p.birthDate && (
                  <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
                    {t('proxy.choose.born', { date: date(p.birthDate) ?? p.birthDate })}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}
