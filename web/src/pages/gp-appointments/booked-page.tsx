import { ConfirmationPanel } from '../../components/confirmation-panel.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import type { Appointment } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { AppointmentDetails } from './appointment-details.js';

/** Booking, done: what was booked and what happens next. */
export function BookedPage({ appointmentId }: { appointmentId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`appointment:${appointmentId}`, (client, signal) =>
    client.read<Appointment>('Appointment', appointmentId, signal),
  );
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  return (
    <Page title={t('book.done.title')}>
      {query.status === 'loading' && <LoadingStatus label={t('gpAppointments.loadingOne')} />}
      {query.status === 'done' && (
        <>
          <ConfirmationPanel>
            <p>{t('book.done.panel')}</p>
          </ConfirmationPanel>
          <AppointmentDetails appointment={query.data} />
          <h2 className="nhsuk-heading-m">{t('book.done.nextHeading')}</h2>
          <p>{t('book.done.next')}</p>
          <p>
            <Link to="/appointments">{t('book.done.seeAll')}</Link>
          </p>
        </>
      )}
    </Page>
  );
}
