import { codingKey } from '../../clinical/concept-text.js';
import { KNOWN_TESTS } from '../../clinical/known-tests.js';
import type { KnownTest } from '../../clinical/known-tests.js';
import { formatResult, observationDate } from '../../clinical/observation-values.js';
import { CodedName } from '../../components/coded-name.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SourceName } from '../../components/source-name.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Observation } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { knownTestOf, newestFirst, usableResults } from './observations.js';

interface Grouped {
  known: { test: KnownTest; results: Observation[] }[];
  other: Observation[];
}

function group(observations: Observation[]): Grouped {
  const byTest = new Map<string, Observation[]>();
  const other: Observation[] = [];
  for (const o of observations) {
    const test = knownTestOf(o);
    if (test) byTest.set(test.id, [...(byTest.get(test.id) ?? []), o]);
    else other.push(o);
  }
  return {
    // In the registry's order: the tests people look for most come first.
    known: KNOWN_TESTS.filter((t) => byTest.has(t.id)).map((test) => ({
      test,
      results: byTest.get(test.id)!,
    })),
    other,
  };
}

/** Every test and measurement in the record, by name, with the latest result of each. */
export function TestResultsPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`observations:${patientId}`, async (client, signal) => {
    const bundle = await client.searchAll(
      'Observation',
      { patient: `Patient/${patientId}`, _sort: '-date', _count: 100 },
      { signal, maxPages: 5 },
    );
    return group(usableResults(matchedResources<Observation>(bundle, 'Observation')).sort(newestFirst));
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  return (
    <Page title={t('results.title')}>
      <p>{t('results.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('results.loading')} />}
      {query.status === 'done' && query.data.known.length === 0 && query.data.other.length === 0 && (
        <p>{t('results.empty')}</p>
      )}
      {query.status === 'done' && query.data.known.length > 0 && (
        <ul className="nhsuk-list app-test-list">
          {query.data.known.map(({ test, results }) => (
            <KnownTestCard key={test.id} test={test} results={results} />
          ))}
        </ul>
      )}
      {query.status === 'done' && query.data.other.length > 0 && <OtherResults results={query.data.other} />}
    </Page>
  );
}

function KnownTestCard({ test, results }: { test: KnownTest; results: Observation[] }) {
  const { t, date, number } = useI18n();
  const latest = results[0]!;
  const value = formatResult(latest, test, number);
  const when = date(observationDate(latest));
  return (
    <li className="nhsuk-card nhsuk-card--clickable app-test-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">
          <Link className="nhsuk-card__link" to={`/test-results/${test.id}`}>
            {t(test.nameId)}
          </Link>
        </h2>
        <p className="nhsuk-card__description">
          {value && when ? t('results.latestOn', { value, date: when }) : value}
          <br />
          {t('results.count', { count: results.length })}
        </p>
      </div>
    </li>
  );
}

/** Results the pages have no everyday name or chart for: listed as recorded. */
function OtherResults({ results }: { results: Observation[] }) {
  const { t, date, number } = useI18n();
  return (
    <>
      <h2 className="nhsuk-heading-m">{t('results.other.heading')}</h2>
      <table className="nhsuk-table-responsive">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
          {t('results.other.heading')}
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              {t('results.table.date')}
            </th>
            <th className="nhsuk-table__header" scope="col">
              {t('results.table.test')}
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
          {results.map((o) => (
            <tr
              className="nhsuk-table__row"
              key={o.id ?? `${codingKey(o.code?.coding?.[0] ?? {})}:${observationDate(o)}`}
            >
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading">{t('results.table.date')} </span>
                {date(observationDate(o)) ?? t('results.noDate')}
              </td>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading">{t('results.table.test')} </span>
                <CodedName concept={o.code} />
              </td>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading">{t('results.table.result')} </span>
                {formatResult(o, undefined, number) ?? t('results.noValue')}
              </td>
              <td className="nhsuk-table__cell">
                <span className="nhsuk-table-responsive__heading">{t('results.table.from')} </span>
                <SourceName source={o.meta?.source} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
