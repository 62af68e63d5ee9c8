import { useState } from 'react';
import type { FormEvent } from 'react';
import { BackLink } from '../../components/back-link.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { TextArea } from '../../components/forms/text-area.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { taskCode } from '../../clinical/task-codes.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { AuditEvent } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient, useSession } from '../../session/session-context.js';
import { useAccessSentence } from './access-sentence.js';
import { accessWords } from './access-words.js';

const MAX_TEXT = 1000;

/** Report a concern about one access: a Task for the privacy office, about that AuditEvent. */
export function ReportConcernPage({ patientId, eventId }: { patientId: string; eventId: string }) {
  const { t } = useI18n();
  const client = useFhirClient();
  const { session } = useSession();
  const { navigate } = useRouter();
  const sentence = useAccessSentence();
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const query = useFhirQuery(`access-log:${patientId}:${eventId}`, async (c, signal) => {
    const bundle = await c.searchAll(
      `Patient/${patientId}/$access-log`,
      { _count: 100 },
      { signal, maxPages: 3 },
    );
    const event = matchedResources<AuditEvent>(bundle, 'AuditEvent').find((e) => e.id === eventId);
    return event ? accessWords(event, session?.person) : undefined;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (text.trim().length < 3) return setError(true);
    setBusy(true);
    setFailure(undefined);
    try {
      await client.create({
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        code: taskCode('access-concern', 'Concern about access to a record'),
        description: text.trim(),
        focus: { reference: `AuditEvent/${eventId}` },
        for: { reference: `Patient/${patientId}` },
        authoredOn: new Date().toISOString(),
        requester: { reference: session?.person ?? `Patient/${patientId}` },
        // Whoever runs the service answers concerns about it; the queue finds them by code.
        owner: { display: 'Heartwood privacy office' },
      });
      navigate('/access-log?reported=1', { replace: true });
    } catch (e) {
      setFailure(e);
      setBusy(false);
    }
  };
  return (
    <Page title={t('concern.title')} before={<BackLink to="/access-log" label={t('form.back')} />}>
      {query.status === 'loading' && <LoadingStatus label={t('access.loading')} />}
      {query.status === 'done' && query.data && (
        <div className="nhsuk-inset-text">
          <p>{sentence(query.data)}</p>
        </div>
      )}
      <p>{t('concern.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={error ? [{ field: 'concern', message: t('concern.error') }] : []} />
        <TextArea
          id="concern"
          label={t('concern.label')}
          hint={t('concern.hint')}
          error={error ? t('concern.error') : undefined}
          value={text}
          maxLength={MAX_TEXT}
          onChange={(v) => {
            setText(v);
            setError(false);
          }}
        />
        {failure !== undefined && <SectionProblem message={t('concern.failed')} error={failure} />}
        <SubmitButton busy={busy} busyLabel={t('concern.sending')}>
          {t('concern.submit')}
        </SubmitButton>
      </form>
    </Page>
  );
}
