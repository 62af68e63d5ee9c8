import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { BackLink } from '../../components/back-link.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { FhirClient } from '../../fhir/fhir-client.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient } from '../../session/session-context.js';
import { loadChoices } from './choices.js';
import type { Choices } from './choices.js';

export interface ChoiceFormProps {
  patientId: string;
  title: string;
  /** Which row of the choices page this is, for the confirmation. */
  id: string;
  /** The explanation above the question. */
  intro: ReactNode;
  /** The question, given the current choices; `error` when the form was sent without an answer. */
  children(choices: Choices, error: string | undefined): ReactNode;
  /** What is missing, or undefined when the answer can be saved. */
  validate(): string | undefined;
  save(client: FhirClient, choices: Choices): Promise<unknown>;
  submitLabel?: string;
}

/** One choice on a page of its own: explanation, question, save, back to the list with a confirmation. */
export function ChoiceForm(props: ChoiceFormProps) {
  const { t } = useI18n();
  const client = useFhirClient();
  const { navigate } = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const query = useFhirQuery(`choices:${props.patientId}`, (c, signal) =>
    loadChoices(c, props.patientId, signal),
  );
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || query.status !== 'done') return;
    const problem = props.validate();
    setError(problem);
    if (problem) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await props.save(client, query.data);
      navigate(`/choices?saved=${props.id}`, { replace: true });
    } catch (e) {
      setFailure(e);
      setBusy(false);
    }
  };
  return (
    <Page
      title={props.title}
      caption={t('choices.title')}
      before={<BackLink to="/choices" label={t('form.back')} />}
    >
      {props.intro}
      {query.status === 'loading' && <LoadingStatus label={t('choices.loading')} />}
      {query.status === 'done' && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={error ? [{ field: props.id, message: error }] : []} />
          {props.children(query.data, error)}
          {failure !== undefined && <SectionProblem message={t('choices.failed')} error={failure} />}
          <SubmitButton busy={busy} busyLabel={t('form.saving')}>
            {props.submitLabel ?? t('form.save')}
          </SubmitButton>
        </form>
      )}
    </Page>
  );
}
