import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Appointment } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { appointmentPeople } from './appointment-details.js';
import { useDayName } from './day-name.js';

const UPCOMING = new Set(['proposed', 'pending', 'booked', 'arrived', 'checked-in']);

/** GP appointments: the ones coming up (each can be cancelled), then past and cancelled ones. */
export function GpAppointmentsPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const { location } = useRouter();
  const cancelled = new URLSearchParams(location.search).has('cancelled');
  const query = useFhirQuery(`gp-appointments:${patientId}`, async (client, signal) => {
    const bundle = await client.searchAll(
      'Appointment',
      { patient: `Patient/${patientId}`, _sort: '-date', _count: 100 },
      { signal, maxPages: 5 },
    );
    const all = matchedResources<Appointment>(bundle, 'Appointment');
    const now = Date.now();
    const isUpcoming = (a: Appointment) =>
      UPCOMING.has(a.status ?? '') && !!a.start && Date.parse(a.start) > now;
    return {
      upcoming: all.filter(isUpcoming).reverse(),
      past: all.filter((a) => !isUpcoming(a) && a.status !== 'entered-in-error'),
    };
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  return (
    <Page title={t('gpAppointments.title')}>
      {cancelled && (
        <div className="nhsuk-inset-text app-success" role="status">
          <p>{t('gpAppointments.cancelledBanner')}</p>
        </div>
      )}
      <p>{t('gpAppointments.intro')}</p>
      <p>
        <Link className="nhsuk-button" to="/appointments/book" role="button" draggable={false}>
          {t('gpAppointments.bookButton')}
        </Link>
      </p>
      {query.status === 'loading' && <LoadingStatus label={t('gpAppointments.loading')} />}
      {query.status === 'done' && (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 className="nhsuk-heading-l" id="upcoming-heading">
              {t('gpAppointments.upcoming')}
            </h2>
            {query.data.upcoming.length === 0 ? (
              <p>{t('gpAppointments.noUpcoming')}</p>
            ) : (
              <ul className="nhsuk-list app-appointment-list">
                {query.data.upcoming.map((a) => (
                  <AppointmentCard key={a.id} appointment={a} cancellable />
                ))}
              </ul>
            )}
          </section>
          {query.data.past.length > 0 && (
            <section aria-labelledby="past-heading">
              <h2 className="nhsuk-heading-l" id="past-heading">
                {t('gpAppointments.past')}
              </h2>
              <ul className="nhsuk-list app-appointment-list">
                {query.data.past.map((a) => (
                  <AppointmentCard key={a.id} appointment={a} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function AppointmentCard({ appointment, cancellable }: { appointment: Appointment; cancellable?: boolean }) {
  const { t, time } = useI18n();
  const dayName = useDayName();
  const people = appointmentPeople(appointment);
  const when = appointment.start
    ? t('date.dayAtTime', { date: dayName(appointment.start), time: time(appointment.start) ?? '' })
    : t('visits.undated');
  return (
    <li className="nhsuk-card app-appointment-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          <time dateTime={appointment.start}>{when}</time>
          {appointment.status === 'cancelled' && (
            <>
              {' '}
              <strong className="nhsuk-tag nhsuk-tag--grey app-inline-tag">{t('visits.cancelled')}</strong>
            </>
          )}
        </h3>
        <dl className="app-facts">
          {people.with && (
            <div>
              <dt>{t('gpAppointments.with')}</dt>
              <dd>{people.with}</dd>
            </div>
          )}
          {people.where && (
            <div>
              <dt>{t('gpAppointments.where')}</dt>
              <dd>{people.where}</dd>
            </div>
          )}
          {appointment.description && (
            <div>
              <dt>{t('gpAppointments.about')}</dt>
              <dd lang="en">{appointment.description}</dd>
            </div>
          )}
        </dl>
        {cancellable && (
          <p className="nhsuk-body nhsuk-u-margin-bottom-0">
            <Link to={`/appointments/${encodeURIComponent(appointment.id ?? '')}/cancel`}>
              {t('gpAppointments.cancelLink')}
              <span className="nhsuk-u-visually-hidden"> {when}</span>
            </Link>
          </p>
        )}
      </div>
    </li>
  );
}
