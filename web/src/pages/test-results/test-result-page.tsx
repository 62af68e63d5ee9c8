import { tokenValues } from '../../clinical/concept-text.js';
import { knownTest } from '../../clinical/known-tests.js';
import type { KnownTest } from '../../clinical/known-tests.js';
import { formatResult, observationDate } from '../../clinical/observation-values.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SourceName } from '../../components/source-name.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Observation } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { NotFoundPage } from '../not-found-page.js';
import { newestFirst, usableResults } from './observations.js';
import { ResultChart } from './result-chart.js';

export function TestResultPage({ patientId, testId }: { patientId: string; testId: string }) {
  const test = knownTest(testId);
  if (!test) return <NotFoundPage />;
  return <KnownTestPage patientId={patientId} test={test} />;
}

/** One test over time: what it is, the latest result, a chart, and every result in a table. */
function KnownTestPage({ patientId, test }: { patientId: string; test: KnownTest }) {
  const { t, date, time, number } = useI18n();
  const query = useFhirQuery(`observations:${patientId}:${test.id}`, async (client, signal) => {
    const bundle = await client.searchAll(
      'Observation',
      { patient: `Patient/${patientId}`, code: tokenValues(test.codes), _sort: 'date', _count: 100 },
      { signal, maxPages: 10 },
    );
    return usableResults(matchedResources<Observation>(bundle, 'Observation'));
  });
  const name = t(test.nameId);
  const inSentence = t(test.inSentenceId);
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const back = (
    <Link className="nhsuk-back-link" to="/test-results">
      {t('results.back')}
    </Link>
  );
  return (
    <Page title={name} before={back}>
      <p>{t(test.aboutId)}</p>
      {query.status === 'loading' && <LoadingStatus label={t('result.loading', { name: inSentence })} />}
      {query.status === 'done' && query.data.length === 0 && <p>{t('result.empty', { name: inSentence })}</p>}
      {query.status === 'done' && query.data.length > 0 && (
        <>
          <LatestResult test={test} latest={[...query.data].sort(newestFirst)[0]!} />
          <h2 className="nhsuk-heading-m">{t('result.overTime')}</h2>
          <ResultChart test={test} results={query.data} />
          <table className="nhsuk-table-responsive app-results-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--m">
              {t('result.tableCaption', { name: inSentence })}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  {t('results.table.date')}
                </th>
                <th className="nhsuk-table__header" scope="col">
                  {t('results.table.result')}
                </th>
                <th className="nhsuk-table__header" scope="col">
                  {t('results.table.from')}
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {[...query.data].sort(newestFirst).map((o, i) => {
                const when = observationDate(o);
                const at = time(when);
                return (
                  <tr className="nhsuk-table__row" key={o.id ?? i}>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading">{t('results.table.date')} </span>
                      <span>
                        {date(when) ?? t('results.noDate')}
                        {at && (
                          <span className="nhsuk-u-secondary-text-colour">{` ${t('date.atTime', { time: at })}`}</span>
                        )}
                      </span>
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading">{t('results.table.result')} </span>
                      {formatResult(o, test, number) ?? t('results.noValue')}
                    </td>
                    <td className="nhsuk-table__cell">
                      <span className="nhsuk-table-responsive__heading">{t('results.table.from')} </span>
                      <SourceName source={o.meta?.source} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}

function LatestResult({ test, latest }: { test: KnownTest; latest: Observation }) {
  const { t, date, number } = useI18n();
  const value = formatResult(latest, test, number);
  const when = date(observationDate(latest));
  if (!value) return null;
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">{t('result.information')} </span>
      <p>
        {t('result.latest')} <strong className="app-latest-value">{value}</strong>
        {when && ` (${when})`}
      </p>
    </div>
  );
}
