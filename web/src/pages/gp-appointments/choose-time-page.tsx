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
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { useDayName } from './day-name.js';
import { patientPractice, practiceFreeSlots } from './practice.js';

/** Booking, step 2: the free times on the chosen day, each with who it is with. */
export function ChooseTimePage({ patientId }: { patientId: string }) {
  const { t, time } = useI18n();
  const dayName = useDayName();
  const { navigate, location } = useRouter();
  const day = new URLSearchParams(location.search).get('date') ?? '';
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState(false);
  const query = useFhirQuery(`free-slots:${patientId}`, async (client, signal) => {
    const practice = await patientPractice(client, patientId, signal);
    return { practice, days: practice ? await practiceFreeSlots(client, practice, signal) : [] };
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const slots = query.status === 'done' ? (query.data.days.find((d) => d.day === day)?.slots ?? []) : [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen[0]) return setError(true);
    navigate(`/appointments/book/check?slot=${encodeURIComponent(chosen[0])}`);
  };
  const title = /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? t('book.time.title', { day: dayName(day) })
    : t('book.time.titleNoDay');
  return (
    <Page
      title={title}
      caption={t('book.caption')}
      before={<BackLink to={`/appointments/book?date=${encodeURIComponent(day)}`} label={t('form.back')} />}
    >
      {query.status === 'loading' && <LoadingStatus label={t('book.loading')} />}
      {query.status === 'done' && slots.length === 0 && (
        <>
          <p>{t('book.time.none')}</p>
          <p>
            <Link to="/appointments/book">{t('book.chooseAnotherDay')}</Link>
          </p>
        </>
      )}
      {query.status === 'done' && slots.length > 0 && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={error ? [{ field: 'time', message: t('book.time.error') }] : []} />
          <ChoiceGroup
            kind="radio"
            name="time"
            legend={t('book.time.legend')}
            error={error ? t('book.time.error') : undefined}
            options={slots.map((s) => ({
              value: s.slot.id!,
              label: time(s.slot.start) ?? '',
              hint: s.clinician ? t('book.time.with', { clinician: s.clinician }) : undefined,
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
