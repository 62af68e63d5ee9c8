import { useState } from 'react';
import type { FormEvent } from 'react';
import { BackLink } from '../../components/back-link.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { TextArea } from '../../components/forms/text-area.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient } from '../../session/session-context.js';

/** Close one queue item with a note of what was found (`$privacy-review`). */
export function ReviewPage() {
  const { t } = useI18n();
  const client = useFhirClient();
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const grant = params.get('grant');
  const task = params.get('task');
  const [note, setNote] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (note.trim().length < 3) return setError(true);
    setBusy(true);
    setFailure(undefined);
    try {
      await client.operation('$privacy-review', {
        resourceType: 'Parameters',
        parameter: [
          grant ? { name: 'grant', valueString: grant } : { name: 'task', valueString: task ?? '' },
          { name: 'note', valueString: note.trim() },
        ],
      });
      navigate('/privacy?reviewed=1', { replace: true });
    } catch (e) {
      setFailure(e);
      setBusy(false);
    }
  };
  return (
    <Page
      title={grant ? t('review.glassTitle') : t('review.concernTitle')}
      before={<BackLink to="/privacy" label={t('form.back')} />}
    >
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={error ? [{ field: 'note', message: t('review.error') }] : []} />
        <TextArea
          id="note"
          label={t('review.label')}
          hint={t('review.hint')}
          error={error ? t('review.error') : undefined}
          value={note}
          maxLength={2000}
          onChange={(v) => {
            setNote(v);
            setError(false);
          }}
        />
        {failure !== undefined && <SectionProblem message={t('review.failed')} error={failure} />}
        <SubmitButton busy={busy} busyLabel={t('form.saving')}>
          {t('review.submit')}
        </SubmitButton>
      </form>
    </Page>
  );
}
