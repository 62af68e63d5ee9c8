import type { ReactNode } from 'react';
import { useState } from 'react';
import { nhsNumberOf } from '../../clinical/nhs-number.js';
import { personName } from '../../clinical/person-name.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { SourceName } from '../../components/source-name.js';
import { BackLink } from '../../components/back-link.js';
import { FhirRequestError } from '../../fhir/fhir-request-error.js';
import type { FhirResource, Patient } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { BreakGlassForm } from './break-glass-form.js';
import { byCategory, recordEntries, sourceFreshness, summaryConflicts } from './shared-record.js';
import type { RecordEntry } from './shared-record.js';

const VIEWS = ['category', 'source', 'timeline'] as const;
type View = (typeof VIEWS)[number];

/** HW-POL-002: no care relationship, and breaking the glass is possible. */
function breakGlassAvailable(error: unknown): boolean {
  return (
    error instanceof FhirRequestError &&
    error.status === 403 &&
    (error.outcome?.issue ?? []).some((i) =>
      (i as { details?: { coding?: { code?: string }[] } }).details?.coding?.some(
        (c) => c.code === 'HW-POL-002',
      ),
    )
  );
}

/** The whole record across every setting, for a clinician: by category, by source, or as a timeline. */
export function PatientRecordPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { location } = useRouter();
  const view: View = VIEWS.find((v) => v === new URLSearchParams(location.search).get('view')) ?? 'category';
  const [opened, setOpened] = useState(0);
  const patient = useFhirQuery(`clinician-patient:${patientId}:${opened}`, (c, signal) =>
    c.read<Patient>('Patient', patientId, signal),
  );
  if (patient.status === 'error' && breakGlassAvailable(patient.error)) {
    return (
      <Page title={t('glass.title')} before={<BackLink to="/clinician" label={t('form.back')} />}>
        <p>{t('glass.intro')}</p>
        <BreakGlassForm patientId={patientId} onOpened={() => setOpened((n) => n + 1)} />
      </Page>
    );
  }
  if (patient.status === 'error') return <ProblemPage error={patient.error} />;
  if (patient.status === 'loading')
    return (
      <Page title={t('record.loadingTitle')}>
        <LoadingStatus label={t('record.loading')} />
      </Page>
    );
  const p = patient.data;
  const name = personName(p.name) ?? t('choose.unnamed');
  return (
    <Page
      title={name}
      caption={t('record.caption')}
      before={<BackLink to="/clinician" label={t('find.title')} />}
    >
      <dl className="app-facts">
        <div>
          <dt>{t('record.nhsNumber')}</dt>
          <dd>{nhsNumberOf(p.identifier) ?? t('record.unknown')}</dd>
        </div>
        <div>
          <dt>{t('record.born')}</dt>
          <dd>{date(p.birthDate) ?? t('record.unknown')}</dd>
        </div>
      </dl>
      <SharedRecord patientId={patientId} view={view} />
    </Page>
  );
}

function SharedRecord({ patientId, view }: { patientId: string; view: View }) {
  const { t, date } = useI18n();
  const query = useFhirQuery(`shared-record:${patientId}`, async (c, signal) => {
    const [everything, summary] = await Promise.all([
      c.searchAll(`Patient/${patientId}/$everything`, { _count: 500 }, { signal, maxPages: 10 }),
      c.search(`Patient/${patientId}/$summary`, {}, signal).catch(() => undefined),
    ]);
    const resources = (everything.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r);
    return { entries: recordEntries(resources), conflicts: summaryConflicts(summary) };
  });
  if (query.status === 'loading') return <LoadingStatus label={t('record.loading')} />;
  if (query.status === 'error') return <SectionProblem message={t('record.failed')} error={query.error} />;
  const { entries, conflicts } = query.data;
  const sources = sourceFreshness(entries);
  return (
    <>
      {conflicts.length > 0 && (
        <div className="nhsuk-warning-callout" role="region" aria-labelledby="conflicts-heading">
          <h2 className="nhsuk-warning-callout__label" id="conflicts-heading">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">{t('glass.important')} </span>
              {t('record.conflicts', { count: conflicts.length })}
            </span>
          </h2>
          <ul>
            {conflicts.map((c) => (
              <li key={c} lang="en">
                {c}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2 className="nhsuk-heading-m" id="sources-heading">
        {t('record.sourcesHeading')}
      </h2>
      <div className="app-table-scroll" role="region" aria-labelledby="sources-heading" tabIndex={0}>
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
            {t('record.sourcesHeading')}
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t('record.source')}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t('record.entries')}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t('record.latest')}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {sources.map((s) => (
              <tr className="nhsuk-table__row" key={s.source ?? 'none'}>
                <td className="nhsuk-table__cell">
                  <SourceName source={s.source} />
                </td>
                <td className="nhsuk-table__cell">{s.entries}</td>
                <td className="nhsuk-table__cell">{date(s.latest) ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label={t('record.viewsLabel')} className="app-record-views">
        <ul className="nhsuk-list app-record-views__list">
          {VIEWS.map((v) => (
            <li key={v}>
              <Link
                to={`/clinician/patient/${encodeURIComponent(patientId)}?view=${v}`}
                aria-current={v === view ? 'page' : undefined}
                className={v === view ? 'app-record-views__current' : undefined}
              >
                {t(`record.view.${v}` as MessageId)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === 'category' &&
        byCategory(entries).map((g) => (
          <EntryGroup
            key={g.category}
            heading={t(`record.category.${g.category}` as MessageId)}
            entries={g.entries}
          />
        ))}
      {view === 'source' &&
        sources.map((s) => (
          <EntryGroup
            key={s.source ?? 'none'}
            heading={<SourceName source={s.source} />}
            entries={entries.filter((e) => (e.source ?? '') === (s.source ?? ''))}
          />
        ))}
      {view === 'timeline' && <EntryGroup heading={t('record.view.timeline')} entries={entries} withSource />}
    </>
  );
}

function EntryGroup({
  heading,
  entries,
  withSource = true,
}: {
  heading: ReactNode;
  entries: RecordEntry[];
  withSource?: boolean;
}) {
  const { t, date } = useI18n();
  return (
    <section className="app-record-group">
      <h3 className="nhsuk-heading-s">{heading}</h3>
      <ul className="nhsuk-list app-record-group__list">
        {entries.map((e) => (
          <li key={e.key} className="app-record-group__entry">
            <span lang="en">{e.text ?? t(`record.type.unnamed`)}</span>
            <span className="nhsuk-u-secondary-text-colour">
              {' — '}
              {date(e.date) ?? t('record.undated')}
              {withSource && (
                <>
                  {', '}
                  <SourceName source={e.source} />
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
