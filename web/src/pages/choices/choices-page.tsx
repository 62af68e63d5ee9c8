import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { contactMethodOf, inForce, keptCategories, loadChoices } from './choices.js';

/** The choices a patient has made about their record, each with its current answer and a way to change it. */
export function ChoicesPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { location } = useRouter();
  const saved = new URLSearchParams(location.search).get('saved');
  const query = useFhirQuery(`choices:${patientId}`, (client, signal) =>
    loadChoices(client, patientId, signal),
  );
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const rows =
    query.status === 'done'
      ? (() => {
          const c = query.data;
          const kept = keptCategories(inForce(c, 'record-sharing'));
          const research = inForce(c, 'research-contact');
          const method = contactMethodOf(research);
          const request = c.fullRecordRequest;
          return [
            {
              id: 'sharing',
              key: t('choices.sharing.name'),
              value: kept.length
                ? t('choices.sharing.kept', {
                    categories: kept.map((k) => t(`choices.category.${k}` as MessageId)).join(', '),
                  })
                : t('choices.sharing.all'),
            },
            {
              id: 'data-opt-out',
              key: t('choices.optOut.name'),
              value: inForce(c, 'national-data-opt-out') ? t('choices.optOut.out') : t('choices.optOut.in'),
            },
            {
              id: 'research',
              key: t('choices.research.name'),
              value:
                research && research.provision?.type === 'permit'
                  ? t('choices.research.yes', {
                      method: t(`choices.method.${method ?? 'email'}` as MessageId),
                    })
                  : t('choices.research.no'),
            },
            {
              id: 'full-record',
              key: t('choices.fullRecord.name'),
              value: request
                ? t('choices.fullRecord.asked', { date: date(request.authoredOn) ?? '' })
                : t('choices.fullRecord.notAsked'),
            },
          ];
        })()
      : [];
  return (
    <Page title={t('choices.title')}>
      {saved && (
        <div className="nhsuk-inset-text app-success" role="status">
          <p>{t('choices.saved')}</p>
        </div>
      )}
      <p>{t('choices.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('choices.loading')} />}
      {rows.length > 0 && (
        <dl className="nhsuk-summary-list">
          {rows.map((row) => (
            <div className="nhsuk-summary-list__row" key={row.id}>
              <dt className="nhsuk-summary-list__key">{row.key}</dt>
              <dd className="nhsuk-summary-list__value">{row.value}</dd>
              <dd className="nhsuk-summary-list__actions">
                <Link to={`/choices/${row.id}`}>
                  {t('form.change')}
                  <span className="nhsuk-u-visually-hidden"> {row.key}</span>
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Page>
  );
}
