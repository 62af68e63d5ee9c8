import { nhsNumberOf } from '../clinical/nhs-number.js';
import { personName } from '../clinical/person-name.js';
import { LoadingStatus } from '../components/loading-status.js';
import { Page } from '../components/page.js';
import { SectionProblem } from '../components/section-problem.js';
import { matchedResources } from '../fhir/bundle-resources.js';
import type { Patient } from '../fhir/resources.js';
import { useFhirQuery } from '../fhir/use-fhir-query.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../routing/link.js';
import { useRouter } from '../routing/router.js';
import { useSession } from '../session/session-context.js';

/**
 * Demo only: stands in for signing in. A visitor picks one of the made-up patients and sees their
 * record as that patient would. Sign-in replaces this page; nothing else depends on it.
 */
export function ChoosePatientPage() {
  const { t, date } = useI18n();
  const { startDemoSession } = useSession();
  const { navigate } = useRouter();
  const query = useFhirQuery('demo-patients', async (client, signal) => {
    const bundle = await client.searchAll(
      'Patient',
      { _sort: 'family,given', _count: 100, _elements: 'name,birthDate,identifier' },
      { signal, maxPages: 5 },
    );
    return matchedResources<Patient>(bundle, 'Patient');
  });
  return (
    <Page title={t('choose.title')}>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">{t('choose.important')} </span>
            {t('choose.demoOnly')}
          </span>
        </h2>
        <p>{t('choose.demoExplained')}</p>
        <p>{t('choose.realService')}</p>
      </div>
      {query.status === 'loading' && <LoadingStatus label={t('choose.loading')} />}
      {query.status === 'error' && <SectionProblem message={t('choose.failed')} error={query.error} />}
      {query.status === 'done' && query.data.length === 0 && <p>{t('choose.empty')}</p>}
      {query.status === 'done' && query.data.length > 0 && (
        <ul className="nhsuk-grid-row nhsuk-card-group">
          {query.data.map((patient) => {
            const name = personName(patient.name) ?? t('choose.unnamed');
            const nhsNumber = nhsNumberOf(patient.identifier);
            const born = date(patient.birthDate);
            const choose = () => {
              startDemoSession(patient.id!, name);
              navigate('/');
            };
            return (
              <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={patient.id}>
                <div className="nhsuk-card nhsuk-card--clickable">
                  <div className="nhsuk-card__content">
                    <h2 className="nhsuk-card__heading nhsuk-heading-s">
                      <Link
                        className="nhsuk-card__link"
                        to="/"
                        onClick={(event) => {
                          // The choice is the click itself; the link's address is where it leads.
                          event.preventDefault();
                          choose();
                        }}
                      >
                        {name}
                      </Link>
                    </h2>
                    <p className="nhsuk-card__description">
                      {nhsNumber && (
                        <>
                          {t('choose.nhsNumber', { number: nhsNumber })}
                          <br />
                        </>
                      )}
                      {born && t('choose.born', { date: born })}
                    </p>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}
