import { useEffect, useState } from 'react';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { fetchMeasure, fetchMeasureList } from './measures-api.js';
import type { Cell, MeasureSummary, PublishedMeasure } from './measures-api.js';
import { ShareBars } from './share-bars.js';

/** Measures whose words are in the catalogues; a newer one shows the server's English until added. */
const TRANSLATED = new Set(['ae-four-hour', 'rtt-18-weeks', 'childhood-immunisation', 'digital-first']);

type Load<T> = { status: 'loading' } | { status: 'error' } | { status: 'done'; data: T };

/** The years a reader may choose, newest first: the last five full calendar years. */
function periods(defaultPeriod: string): string[] {
  const last = Number(defaultPeriod);
  return Number.isInteger(last) ? [0, 1, 2, 3, 4].map((i) => String(last - i)) : [defaultPeriod];
}

/**
 * NHS performance: league tables for the published measures, for anyone, with no sign-in. Every
 * figure comes already protected from the server (small numbers hidden, others rounded to 5).
 */
export function PerformancePage() {
  const { t } = useI18n();
  const [list, setList] = useState<Load<{ measures: MeasureSummary[]; defaultPeriod: string }>>({
    status: 'loading',
  });
  const [period, setPeriod] = useState<string | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    fetchMeasureList(abort.signal).then(
      (data) => {
        setList({ status: 'done', data });
        setPeriod((p) => p ?? data.defaultPeriod);
      },
      () => !abort.signal.aborted && setList({ status: 'error' }),
    );
    return () => abort.abort();
  }, []);
  return (
    <Page title={t('performance.title')}>
      <p className="nhsuk-lede-text">{t('performance.intro')}</p>
      {list.status === 'loading' && <LoadingStatus label={t('performance.loading')} />}
      {list.status === 'error' && <p>{t('performance.error')}</p>}
      {list.status === 'done' && period !== undefined && (
        <>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="performance-period">
              {t('performance.period')}
            </label>
            <select
              className="nhsuk-select"
              id="performance-period"
              value={period}
              onChange={(e) => setPeriod(e.target.value)}
            >
              {periods(list.data.defaultPeriod).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          {list.data.measures.map((m) => (
            <MeasureSection key={`${m.id}-${period}`} measure={m} period={period} />
          ))}
          <h2>{t('performance.aboutHeading')}</h2>
          <p>{t('performance.aboutSuppression')}</p>
          <p>{t('performance.aboutOptOut')}</p>
        </>
      )}
    </Page>
  );
}

function MeasureSection({ measure, period }: { measure: MeasureSummary; period: string }) {
  const { t, number } = useI18n();
  const [load, setLoad] = useState<Load<PublishedMeasure>>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    fetchMeasure(measure.id, period, abort.signal).then(
      (data) => setLoad({ status: 'done', data }),
      () => !abort.signal.aborted && setLoad({ status: 'error' }),
    );
    return () => abort.abort();
  }, [measure.id, period]);
  const headingId = `measure-${measure.id}`;
  // Titles and labels from the catalogue (English and Welsh); the server's English as a fallback.
  const text = (part: 'title' | 'description' | 'numerator' | 'denominator', fallback: string) => {
    if (!TRANSLATED.has(measure.id)) return fallback;
    return t(`performance.measure.${measure.id}.${part}` as MessageId);
  };
  const title = text('title', measure.title);
  const count = (c: Cell) => (c.value === null ? t('performance.suppressed') : number(c.value));
  const share = (v: number | null) =>
    v === null ? t('performance.suppressed') : t('performance.percent', { value: number(v) });
  return (
    <section aria-labelledby={headingId} className="app-measure">
      <h2 id={headingId}>{title}</h2>
      <p>{text('description', measure.description)}</p>
      {load.status === 'loading' && <LoadingStatus label={t('performance.loading')} />}
      {load.status === 'error' && <p>{t('performance.error')}</p>}
      {load.status === 'done' && load.data.rows.length === 0 && <p>{t('performance.noData', { period })}</p>}
      {load.status === 'done' && load.data.rows.length > 0 && (
        <>
          <p className="nhsuk-body-l">
            {t('performance.national', { share: share(load.data.national.share), period })}
            {measure.standard !== undefined &&
              ` ${t('performance.standard', { value: number(measure.standard) })}`}
          </p>
          <ShareBars rows={load.data.rows} standard={measure.standard} />
          <table className="nhsuk-table-responsive">
            <caption className="nhsuk-table__caption">
              {t('performance.tableCaption', { title, period })}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  {t('performance.rank')}
                </th>
                <th scope="col" className="nhsuk-table__header">
                  {t('performance.provider')}
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  {text('denominator', measure.denominatorLabel)}
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  {text('numerator', measure.numeratorLabel)}
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  {t('performance.share')}
                </th>
                {measure.median && (
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    {t('performance.medianWeeks')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {[...load.data.rows]
                .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
                .map((r) => (
                  <tr className="nhsuk-table__row" key={r.provider.id}>
                    <td className="nhsuk-table__cell">{r.rank ?? t('performance.notRanked')}</td>
                    <th scope="row" className="nhsuk-table__cell">
                      {r.provider.name}
                    </th>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{count(r.total)}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{count(r.met)}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{share(r.share)}</td>
                    {measure.median && (
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                        {r.median === null || r.median === undefined
                          ? t('performance.suppressed')
                          : number(r.median)}
                      </td>
                    )}
                  </tr>
                ))}
              <tr className="nhsuk-table__row">
                <td className="nhsuk-table__cell" />
                <th scope="row" className="nhsuk-table__cell">
                  {t('performance.england')}
                </th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {count(load.data.national.total)}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {count(load.data.national.met)}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {share(load.data.national.share)}
                </td>
                {measure.median && (
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    {load.data.national.median === null || load.data.national.median === undefined
                      ? t('performance.suppressed')
                      : number(load.data.national.median)}
                  </td>
                )}
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
