import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import type { Bundle } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { summarySections } from './summary-sections.js';

/**
 * Download my record: the International Patient Summary Heartwood builds from every source, as a
 * file (FHIR JSON, for another service or app) and as a page to print.
 */
export function DownloadPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`summary:${patientId}`, (c, signal) =>
    c.search(`Patient/${patientId}/$summary`, {}, signal),
  );
  const save = (document: Bundle) => {
    const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/fhir+json' });
    const url = URL.createObjectURL(blob);
    const a = window.document.createElement('a');
    a.href = url;
    a.download = 'my-health-record.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <Page title={t('download.title')}>
      <p>{t('download.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('download.loading')} />}
      {query.status === 'error' && <SectionProblem message={t('download.failed')} error={query.error} />}
      {query.status === 'done' && (
        <>
          <div className="app-no-print">
            <button className="nhsuk-button" type="button" onClick={() => save(query.data)}>
              {t('download.json')}
            </button>{' '}
            <button
              className="nhsuk-button nhsuk-button--secondary"
              type="button"
              onClick={() => window.print()}
            >
              {t('download.print')}
            </button>
            <p className="nhsuk-body-s">{t('download.jsonHint')}</p>
          </div>
          {summarySections(query.data).map((s) => (
            <section key={s.title} aria-label={s.title}>
              <h2 className="nhsuk-heading-m">{s.title}</h2>
              {s.lines.length === 0 ? (
                <p>{t('download.nothing')}</p>
              ) : (
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {s.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
