import { encounterKindId, isUpcoming } from '../clinical/encounter-kind.js';
import { RecordedAs } from '../components/coded-name.js';
import { LoadingStatus } from '../components/loading-status.js';
import { Page } from '../components/page.js';
import { RecordedBy } from '../components/recorded-by.js';
import { ProblemPage } from '../components/problem-page.js';
import { includedResources, matchedResources } from '../fhir/bundle-resources.js';
import type { Encounter, FhirResource, Organization } from '../fhir/resources.js';
import { useFhirQuery } from '../fhir/use-fhir-query.js';
import { englandParts, parseFhirDate } from '../i18n/fhir-date.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Visit {
  encounter: Encounter;
  /** Where it happened: the organisation providing the service. */
  place?: string;
}

interface Timeline {
  upcoming: Visit[];
  /** Past visits by year, newest year first. */
  years: { year: string; visits: Visit[] }[];
}

function toTimeline(encounters: Encounter[], included: Map<string, FhirResource>, now: Date): Timeline {
  const visits = encounters
    .filter((e) => e.status !== 'entered-in-error')
    .map((encounter): Visit => {
      const ref = encounter.serviceProvider?.reference;
      const org = ref ? (included.get(ref) as Organization | undefined) : undefined;
      return { encounter, place: org?.name ?? encounter.serviceProvider?.display };
    });
  const upcoming = visits.filter((v) => isUpcoming(v.encounter, now)).reverse();
  const years = new Map<string, Visit[]>();
  for (const v of visits.filter((v) => !isUpcoming(v.encounter, now))) {
    const start = v.encounter.period?.start;
    const parsed = parseFhirDate(start);
    const year = parsed ? String(englandParts(parsed.date).year) : '';
    years.set(year, [...(years.get(year) ?? []), v]);
  }
  return { upcoming, years: [...years].map(([year, visits]) => ({ year, visits })) };
}

/** Every appointment and visit, GP and hospital alike, newest first, each with where it came from. */
export function AppointmentsPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`encounters:${patientId}`, async (client, signal) => {
    const bundle = await client.searchAll(
      'Encounter',
      {
        patient: `Patient/${patientId}`,
        _sort: '-date',
        _include: 'Encounter:service-provider',
        _count: 100,
      },
      { signal, maxPages: 5 },
    );
    return toTimeline(
      matchedResources<Encounter>(bundle, 'Encounter'),
      includedResources(bundle),
      new Date(),
    );
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  return (
    <Page title={t('visits.title')}>
      <p>{t('visits.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('visits.loading')} />}
      {query.status === 'done' && query.data.upcoming.length === 0 && query.data.years.length === 0 && (
        <p>{t('visits.empty')}</p>
      )}
      {query.status === 'done' && query.data.upcoming.length > 0 && (
        <section aria-labelledby="upcoming-heading">
          <h2 className="nhsuk-heading-l" id="upcoming-heading">
            {t('visits.upcoming')}
          </h2>
          <VisitList visits={query.data.upcoming} />
        </section>
      )}
      {query.status === 'done' &&
        query.data.years.map(({ year, visits }) => (
          <section key={year} aria-labelledby={`year-${year}`}>
            <h2 className="nhsuk-heading-l" id={`year-${year}`}>
              {year || t('visits.undated')}
            </h2>
            <VisitList visits={visits} />
          </section>
        ))}
    </Page>
  );
}

function VisitList({ visits }: { visits: Visit[] }) {
  return (
    <ol className="app-timeline">
      {visits.map((v, i) => (
        <VisitEntry key={v.encounter.id ?? i} visit={v} />
      ))}
    </ol>
  );
}

function VisitEntry({ visit }: { visit: Visit }) {
  const { t, date, time } = useI18n();
  const { encounter, place } = visit;
  const start = encounter.period?.start;
  const end = encounter.period?.end;
  const startDay = date(start);
  const endDay = date(end);
  const startTime = time(start);
  const when =
    startDay && endDay && endDay !== startDay
      ? t('visits.fromTo', { from: startDay, to: endDay })
      : startDay && startTime
        ? t('date.dayAtTime', { date: startDay, time: startTime })
        : startDay;
  const who = encounter.participant?.map((p) => p.individual?.display).find((d) => !!d);
  return (
    <li className="app-timeline__item">
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
        {t(encounterKindId(encounter))}
        {encounter.status === 'cancelled' && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--grey app-inline-tag">{t('visits.cancelled')}</strong>
          </>
        )}
      </h3>
      {when && (
        <p className="nhsuk-body app-timeline__when">
          <time dateTime={start}>{when}</time>
        </p>
      )}
      <dl className="app-facts">
        {place && (
          <div>
            <dt>{t('visits.where')}</dt>
            <dd>{place}</dd>
          </div>
        )}
        {who && (
          <div>
            <dt>{t('visits.with')}</dt>
            <dd>{who}</dd>
          </div>
        )}
      </dl>
      <RecordedAs concept={encounter.type?.[0]} always />
      <RecordedBy source={encounter.meta?.source} />
    </li>
  );
}
