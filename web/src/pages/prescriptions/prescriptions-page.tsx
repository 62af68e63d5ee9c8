import { useState } from 'react';
import type { FormEvent } from 'react';
import { ChoiceGroup } from '../../components/forms/choice-group.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { taskCode, taskCodeToken } from '../../clinical/task-codes.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { MedicationRequest, Task } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient, useSession } from '../../session/session-context.js';
import { patientPractice } from '../gp-appointments/practice.js';
import { isRepeatMedicine, medicineName, pendingMedicines, requestState } from './repeat-medicines.js';
import type { RequestState } from './repeat-medicines.js';

const STATE_TAG: Record<RequestState, string> = {
  sent: 'nhsuk-tag--blue',
  inProgress: 'nhsuk-tag--yellow',
  done: 'nhsuk-tag--green',
  refused: 'nhsuk-tag--red',
  cancelled: 'nhsuk-tag--grey',
};

/** Repeat prescriptions: ask the GP practice for one or more repeat medicines, and follow the requests. */
export function PrescriptionsPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const client = useFhirClient();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const requested = Number(new URLSearchParams(location.search).get('requested') ?? 0);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [version, setVersion] = useState(0);
  const query = useFhirQuery(`prescriptions:${patientId}:${version}`, async (c, signal) => {
    const [medicines, tasks, practice] = await Promise.all([
      c.search(
        'MedicationRequest',
        { patient: `Patient/${patientId}`, status: 'active', _count: 100 },
        signal,
      ),
      c.search(
        'Task',
        {
          patient: `Patient/${patientId}`,
          code: taskCodeToken('repeat-prescription-request'),
          _sort: '-authored-on',
          _count: 50,
        },
        signal,
      ),
      patientPractice(c, patientId, signal),
    ]);
    return {
      medicines: matchedResources<MedicationRequest>(medicines, 'MedicationRequest').filter(isRepeatMedicine),
      tasks: matchedResources<Task>(tasks, 'Task'),
      practice,
    };
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || query.status !== 'done') return;
    if (chosen.length === 0) return setError(true);
    setBusy(true);
    setFailure(undefined);
    const { medicines, practice } = query.data;
    try {
      const now = new Date().toISOString();
      // One request per medicine: the practice approves or refuses each on its own.
      for (const id of chosen) {
        const medicine = medicines.find((m) => m.id === id);
        await client.create<Task>({
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          code: taskCode('repeat-prescription-request', 'Repeat prescription request'),
          focus: {
            reference: `MedicationRequest/${id}`,
            display: medicine ? medicineName(medicine) : undefined,
          },
          for: { reference: `Patient/${patientId}` },
          authoredOn: now,
          requester: { reference: session?.person ?? `Patient/${patientId}` },
          ...(practice
            ? { owner: { reference: `Organization/${practice.id}`, display: practice.name } }
            : {}),
        });
      }
      setChosen([]);
      setVersion((v) => v + 1);
      navigate(`/prescriptions?requested=${chosen.length}`, { replace: true });
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const data = query.status === 'done' ? query.data : undefined;
  const pending = data ? pendingMedicines(data.tasks) : new Set<string>();
  const requestable = data?.medicines.filter((m) => !pending.has(`MedicationRequest/${m.id}`)) ?? [];
  return (
    <Page title={t('prescriptions.title')}>
      {requested > 0 && (
        <div className="nhsuk-inset-text app-success" role="status">
          <p>
            {t('prescriptions.sent', {
              count: requested,
              practice: data?.practice?.name ?? t('book.yourPractice'),
            })}
          </p>
        </div>
      )}
      <p>{t('prescriptions.intro')}</p>
      {query.status === 'loading' && <LoadingStatus label={t('prescriptions.loading')} />}
      {data && data.medicines.length === 0 && <p>{t('prescriptions.none')}</p>}
      {data && data.medicines.length > 0 && requestable.length === 0 && (
        <p>{t('prescriptions.allPending')}</p>
      )}
      {data && requestable.length > 0 && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={error ? [{ field: 'medicine', message: t('prescriptions.error') }] : []} />
          <ChoiceGroup
            kind="checkbox"
            name="medicine"
            legend={t('prescriptions.legend')}
            hint={t('prescriptions.hint')}
            error={error ? t('prescriptions.error') : undefined}
            options={requestable.map((m) => ({
              value: m.id!,
              label: <span lang="en">{medicineName(m)}</span>,
              hint: m.dosageInstruction?.[0]?.text ? (
                <span lang="en">{m.dosageInstruction[0].text}</span>
              ) : undefined,
            }))}
            selected={chosen}
            onChange={(v) => {
              setChosen(v);
              setError(false);
            }}
          />
          {failure !== undefined && <SectionProblem message={t('prescriptions.failed')} error={failure} />}
          <SubmitButton busy={busy} busyLabel={t('prescriptions.sending')}>
            {t('prescriptions.submit')}
          </SubmitButton>
        </form>
      )}
      {data && (
        <section aria-labelledby="requests-heading">
          <h2 className="nhsuk-heading-l" id="requests-heading">
            {t('prescriptions.requests')}
          </h2>
          {data.tasks.length === 0 ? (
            <p>{t('prescriptions.noRequests')}</p>
          ) : (
            <table className="nhsuk-table app-requests-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
                {t('prescriptions.requests')}
              </caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    {t('prescriptions.medicine')}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t('prescriptions.requestedOn')}
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {t('prescriptions.status')}
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {data.tasks.map((task) => {
                  const state = requestState(task);
                  return (
                    <tr className="nhsuk-table__row" key={task.id}>
                      <td className="nhsuk-table__cell" lang="en">
                        {task.focus?.display ?? ''}
                      </td>
                      <td className="nhsuk-table__cell">{date(task.authoredOn) ?? ''}</td>
                      <td className="nhsuk-table__cell">
                        <strong className={`nhsuk-tag ${STATE_TAG[state]}`}>
                          {t(`prescriptions.state.${state}` as MessageId)}
                        </strong>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Page>
  );
}
