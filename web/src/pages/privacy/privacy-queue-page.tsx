import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import type { FhirResource } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { readPrivacyQueue } from './privacy-queue.js';

/** The privacy officer's queue: emergency accesses to review, then patients' concerns. */
export function PrivacyQueuePage() {
  const { t, date, time } = useI18n();
  const { location } = useRouter();
  const reviewed = new URLSearchParams(location.search).has('reviewed');
  const query = useFhirQuery('privacy-queue', async (client, signal) =>
    readPrivacyQueue((await client.search('$privacy-queue', {}, signal)) as unknown as FhirResource),
  );
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const when = (v: string | undefined) =>
    v ? t('date.dayAtTime', { date: date(v) ?? '', time: time(v) ?? '' }) : '';
  return (
    <Page title={t('privacy.title')}>
      {reviewed && (
        <div className="nhsuk-inset-text app-success" role="status">
          <p>{t('privacy.reviewed')}</p>
        </div>
      )}
      <p>{t('privacy.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('privacy.loading')} />}
      {query.status === 'done' && (
        <>
          <section aria-labelledby="glass-heading">
            <h2 className="nhsuk-heading-l" id="glass-heading">
              {t('privacy.glassHeading', { count: query.data.glass.length })}
            </h2>
            {query.data.glass.length === 0 && <p>{t('privacy.glassNone')}</p>}
            <ul className="nhsuk-list app-appointment-list">
              {query.data.glass.map((g) => (
                <li className="nhsuk-card app-appointment-card" key={g.grant}>
                  <div className="nhsuk-card__content">
                    <h3 className="nhsuk-card__heading nhsuk-heading-s">
                      {t('privacy.glassItem', {
                        agent: g.agent ?? t('access.someone'),
                        when: when(g.granted),
                      })}
                    </h3>
                    <dl className="app-facts">
                      <div>
                        <dt>{t('privacy.patient')}</dt>
                        <dd>
                          <Link to={`/privacy/audit?patient=${encodeURIComponent(g.patient ?? '')}`}>
                            {g.patient}
                          </Link>
                        </dd>
                      </div>
                      <div>
                        <dt>{t('privacy.reason')}</dt>
                        <dd>{g.reason ? t(`glass.reason.${g.reason}` as MessageId) : ''}</dd>
                      </div>
                      <div>
                        <dt>{t('privacy.theirWords')}</dt>
                        <dd lang="en">{g.text}</dd>
                      </div>
                    </dl>
                    <Link
                      className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                      to={`/privacy/review?grant=${encodeURIComponent(g.grant)}`}
                    >
                      {t('privacy.review')}
                      <span className="nhsuk-u-visually-hidden"> {g.agent}</span>
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="concerns-heading">
            <h2 className="nhsuk-heading-l" id="concerns-heading">
              {t('privacy.concernsHeading', { count: query.data.concerns.length })}
            </h2>
            {query.data.concerns.length === 0 && <p>{t('privacy.concernsNone')}</p>}
            <ul className="nhsuk-list app-appointment-list">
              {query.data.concerns.map((c) => (
                <li className="nhsuk-card app-appointment-card" key={c.id}>
                  <div className="nhsuk-card__content">
                    <h3 className="nhsuk-card__heading nhsuk-heading-s">
                      {t('privacy.concernItem', { when: when(c.authoredOn) })}
                    </h3>
                    <p className="nhsuk-body" lang="en">
                      {c.description}
                    </p>
                    <dl className="app-facts">
                      <div>
                        <dt>{t('privacy.patient')}</dt>
                        <dd>
                          <Link
                            to={`/privacy/audit?patient=${encodeURIComponent(c.for?.reference?.replace(/^Patient\//, '') ?? '')}`}
                          >
                            {c.for?.reference?.replace(/^Patient\//, '')}
                          </Link>
                        </dd>
                      </div>
                      <div>
                        <dt>{t('privacy.about')}</dt>
                        <dd>{c.focus?.reference}</dd>
                      </div>
                    </dl>
                    <Link
                      className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                      to={`/privacy/review?task=${encodeURIComponent(c.id ?? '')}`}
                    >
                      {t('privacy.review')}
                      <span className="nhsuk-u-visually-hidden"> {c.description}</span>
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}
