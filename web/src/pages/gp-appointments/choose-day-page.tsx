import { useState } from 'react';
import type { FormEvent } from 'react';
import { BackLink } from '../../components/back-link.js';
import { ChoiceGroup } from '../../components/forms/choice-group.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { useDayName } from './day-name.js';
import { patientPractice, practiceFreeSlots } from './practice.js';

/** Booking, step 1: the days the practice has free appointments on. */
export function ChooseDayPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const dayName = useDayName();
  const { navigate, location } = useRouter();
  const [chosen, setChosen] = useState<string[]>(() => {
    const day = new URLSearchParams(location.search).get('date');
    return day ? [day] : [];
  });
  const [error, setError] = useState(false);
  const query = useFhirQuery(`free-slots:${patientId}`, async (client, signal) => {
    const practice = await patientPractice(client, patientId, signal);
    return { practice, days: practice ? await practiceFreeSlots(client, practice, signal) : [] };
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen[0]) return setError(true);
    navigate(`/appointments/book/time?date=${encodeURIComponent(chosen[0])}`);
  };
  return (
    <Page
      title={t('book.day.title')}
      caption={t('book.caption')}
      before={<BackLink to="/appointments" label={t('form.back')} />}
    >
      {query.status === 'loading' && <LoadingStatus label={t('book.loading')} />}
      {query.status === 'done' && query.data.days.length === 0 && (
        <p>{t('book.none', { practice: query.data.practice?.name ?? t('book.yourPractice') })}</p>
      )}
      {query.status === 'done' && query.data.days.length > 0 && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={error ? [{ field: 'day', message: t('book.day.error') }] : []} />
          <ChoiceGroup
            kind="radio"
            name="day"
            legend={t('book.day.legend', { practice: query.data.practice?.name ?? '' })}
            hint={t('book.day.hint')}
            error={error ? t('book.day.error') : undefined}
            options={query.data.days.map((d) => ({
              value: d.day,
              label: dayName(d.day),
              hint: t('book.day.count', { count: d.slots.length }),
            }))}
            selected={chosen}
            onChange={(v) => {
              setChosen(v);
              setError(false);
            }}
          />
          <button className="nhsuk-button" type="submit">
            {t('form.continue')}
          </button>
        </form>
      )}
    </Page>
  );
}
