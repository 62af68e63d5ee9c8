import { useState } from 'react';
import type { FormEvent } from 'react';
import { BackLink } from '../../components/back-link.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { SummaryList } from '../../components/forms/summary-list.js';
import { TextArea } from '../../components/forms/text-area.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemDetails } from '../../components/problem-details.js';
import { ProblemPage } from '../../components/problem-page.js';
import { FhirRequestError } from '../../fhir/fhir-request-error.js';
import type { Appointment, Schedule, Slot } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient } from '../../session/session-context.js';
import { englandDay } from './free-slots.js';
import { useDayName } from './day-name.js';
import { patientPractice } from './practice.js';

const MAX_REASON = 500;

/** Booking, step 3: check the answers, say what it is about, and book. */
export function CheckBookingPage({ patientId }: { patientId: string }) {
  const { t, time } = useI18n();
  const dayName = useDayName();
  const client = useFhirClient();
  const { navigate, location } = useRouter();
  const slotId = new URLSearchParams(location.search).get('slot') ?? '';
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const query = useFhirQuery(`slot:${slotId}`, async (c, signal) => {
    const slot = await c.read<Slot>('Slot', slotId, signal);
    const scheduleId = slot.schedule?.reference?.replace(/^Schedule\//, '');
    const schedule = scheduleId ? await c.read<Schedule>('Schedule', scheduleId, signal) : undefined;
    const practice = await patientPractice(c, patientId, signal);
    return { slot, schedule, practice };
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;

  const taken = failure instanceof FhirRequestError && (failure.status === 409 || failure.status === 422);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const appointment = await client.operation<Appointment>('Appointment/$book', {
        resourceType: 'Parameters',
        parameter: [
          { name: 'slot', valueReference: { reference: `Slot/${slotId}` } },
          { name: 'patient', valueReference: { reference: `Patient/${patientId}` } },
          ...(reason.trim() ? [{ name: 'reason', valueString: reason.trim() }] : []),
        ],
      });
      navigate(`/appointments/${encodeURIComponent(appointment.id ?? '')}/booked`, { replace: true });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  const data = query.status === 'done' ? query.data : undefined;
  const start = data?.slot.start;
  const day = start ? englandDay(start) : '';
  const clinician = data?.schedule?.actor?.find((a) => a.reference?.startsWith('Practitioner/'))?.display;
  return (
    <Page
      title={t('book.check.title')}
      caption={t('book.caption')}
      before={
        <BackLink to={`/appointments/book/time?date=${encodeURIComponent(day)}`} label={t('form.back')} />
      }
    >
      {query.status === 'loading' && <LoadingStatus label={t('book.loading')} />}
      {failure !== undefined && (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="booking-failed" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title" id="booking-failed">
            {taken ? t('book.check.taken') : t('book.check.failed')}
          </h2>
          <div className="nhsuk-error-summary__body">
            <p>
              <Link to="/appointments/book">{t('book.chooseAnotherTime')}</Link>
            </p>
            <ProblemDetails error={failure} />
          </div>
        </div>
      )}
      {data && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={[]} />
          <SummaryList
            rows={[
              { key: t('gpAppointments.date'), value: start ? dayName(start) : '' },
              { key: t('gpAppointments.time'), value: time(start) ?? '' },
              ...(clinician ? [{ key: t('gpAppointments.with'), value: clinician }] : []),
              ...(data.practice ? [{ key: t('gpAppointments.where'), value: data.practice.name }] : []),
            ]}
          />
          <p>
            <Link to={`/appointments/book?date=${encodeURIComponent(day)}`}>{t('book.check.change')}</Link>
          </p>
          <TextArea
            id="reason"
            label={t('book.check.reasonLabel')}
            hint={t('book.check.reasonHint')}
            value={reason}
            maxLength={MAX_REASON}
            onChange={setReason}
          />
          <SubmitButton busy={busy} busyLabel={t('book.check.booking')}>
            {t('book.check.submit')}
          </SubmitButton>
        </form>
      )}
    </Page>
  );
}
