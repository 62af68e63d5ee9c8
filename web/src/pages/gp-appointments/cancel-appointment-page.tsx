import { useState } from 'react';
import type { FormEvent } from 'react';
import { BackLink } from '../../components/back-link.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { TextArea } from '../../components/forms/text-area.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SectionProblem } from '../../components/section-problem.js';
import type { Appointment } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient } from '../../session/session-context.js';
import { AppointmentDetails } from './appointment-details.js';

/** Cancel one appointment, after seeing which one it is; the slot goes back to the practice. */
export function CancelAppointmentPage({ appointmentId }: { appointmentId: string }) {
  const { t } = useI18n();
  const client = useFhirClient();
  const { navigate } = useRouter();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const query = useFhirQuery(`appointment:${appointmentId}`, (c, signal) =>
    c.read<Appointment>('Appointment', appointmentId, signal),
  );
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await client.operation(`Appointment/${encodeURIComponent(appointmentId)}/$cancel`, {
        resourceType: 'Parameters',
        parameter: reason.trim() ? [{ name: 'reason', valueString: reason.trim() }] : [],
      });
      navigate('/appointments?cancelled=1', { replace: true });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <Page title={t('cancel.title')} before={<BackLink to="/appointments" label={t('form.back')} />}>
      {query.status === 'loading' && <LoadingStatus label={t('gpAppointments.loadingOne')} />}
      {query.status === 'done' && (
        <>
          <AppointmentDetails appointment={query.data} />
          {failure !== undefined && <SectionProblem message={t('cancel.failed')} error={failure} />}
          <form onSubmit={submit} noValidate>
            <TextArea
              id="reason"
              label={t('cancel.reasonLabel')}
              hint={t('cancel.reasonHint')}
              value={reason}
              maxLength={500}
              onChange={setReason}
            />
            <SubmitButton busy={busy} busyLabel={t('cancel.cancelling')} variant="warning">
              {t('cancel.submit')}
            </SubmitButton>
          </form>
          <p>
            <Link to="/appointments">{t('cancel.keep')}</Link>
          </p>
        </>
      )}
    </Page>
  );
}
