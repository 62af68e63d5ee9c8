import { useState } from 'react';
import type { FormEvent } from 'react';
import { nhsNumberOf } from '../../clinical/nhs-number.js';
import { NHS_NUMBER } from '../../clinical/code-systems.js';
import { personName } from '../../clinical/person-name.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import type { FieldError } from '../../components/forms/error-summary.js';
import { TextInput } from '../../components/forms/text-input.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Patient } from '../../fhir/resources.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { useFhirClient } from '../../session/session-context.js';

type Found =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; patients: Patient[] }
  | { status: 'error'; error: unknown };

const pad = (n: string) => n.padStart(2, '0');
const ACCESS_TAG = 'https://heartwood.nhs.example/fhir/CodeSystem/record-access';
const noRelationship = (p: Patient) =>
  (p.meta as { tag?: { system?: string; code?: string }[] } | undefined)?.tag?.some(
    (tag) => tag.system === ACCESS_TAG && tag.code === 'none',
  ) ?? false;

/** Find a patient by NHS number, or by surname and date of birth, among the records this clinician may see. */
export function FindPatientPage() {
  const { t, date } = useI18n();
  const client = useFhirClient();
  const { navigate } = useRouter();
  const [nhs, setNhs] = useState('');
  const [family, setFamily] = useState('');
  const [day, setDay] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [recordId, setRecordId] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [found, setFound] = useState<Found>({ status: 'idle' });

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const digits = nhs.replace(/\s+/g, '');
    const problems: FieldError[] = [];
    let params: Record<string, string>;
    if (digits) {
      if (!/^\d{10}$/.test(digits)) problems.push({ field: 'nhs-number', message: t('find.nhsError') });
      params = { identifier: `${NHS_NUMBER}|${digits}` };
    } else {
      if (!family.trim()) problems.push({ field: 'family', message: t('find.familyError') });
      const valid = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year);
      if (!valid) problems.push({ field: 'dob-day', message: t('find.dobError') });
      params = { family: family.trim(), birthdate: `${year}-${pad(month)}-${pad(day)}` };
    }
    setErrors(problems);
    if (problems.length) return;
    setFound({ status: 'loading' });
    try {
      // A trace (like the national demographics service): demographics of every match, each marked
      // with whether this clinician may open the record, so that they can break the glass if not.
      const bundle = await client.search('Patient/$find', params);
      setFound({ status: 'done', patients: matchedResources<Patient>(bundle, 'Patient') });
    } catch (error) {
      setFound({ status: 'error', error });
    }
  };
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Page title={t('find.title')}>
      <p>{t('find.intro')}</p>
      <form onSubmit={search} noValidate>
        <ErrorSummary errors={errors} />
        <TextInput
          id="nhs-number"
          label={t('find.nhsLabel')}
          hint={t('find.nhsHint')}
          error={errorFor('nhs-number')}
          value={nhs}
          width="10"
          inputMode="numeric"
          onChange={setNhs}
        />
        <p className="nhsuk-body">{t('find.or')}</p>
        <TextInput
          id="family"
          label={t('find.familyLabel')}
          error={errorFor('family')}
          value={family}
          width="20"
          onChange={setFamily}
        />
        <div className={`nhsuk-form-group${errorFor('dob-day') ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby="dob-hint">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              {t('find.dobLegend')}
            </legend>
            <div className="nhsuk-hint" id="dob-hint">
              {t('find.dobHint')}
            </div>
            {errorFor('dob-day') && (
              <span className="nhsuk-error-message">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor('dob-day')}
              </span>
            )}
            <div className="nhsuk-date-input">
              {(
                [
                  ['dob-day', t('find.day'), day, setDay, '2'],
                  ['dob-month', t('find.month'), month, setMonth, '2'],
                  ['dob-year', t('find.year'), year, setYear, '4'],
                ] as const
              ).map(([id, label, value, set, width]) => (
                <div className="nhsuk-date-input__item" key={id}>
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label nhsuk-date-input__label" htmlFor={id}>
                      {label}
                    </label>
                    <input
                      className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}`}
                      id={id}
                      name={id}
                      type="text"
                      inputMode="numeric"
                      value={value}
                      onChange={(e) => set(e.target.value)}
                    />
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button className="nhsuk-button" type="submit">
          {t('find.submit')}
        </button>
      </form>
      {found.status === 'loading' && <LoadingStatus label={t('find.searching')} />}
      {found.status === 'error' && <SectionProblem message={t('find.failed')} error={found.error} />}
      {found.status === 'done' && (
        <section aria-labelledby="results-heading">
          <h2 className="nhsuk-heading-m" id="results-heading" role="status">
            {t('find.results', { count: found.patients.length })}
          </h2>
          {found.patients.length === 0 && <p>{t('find.noneExplained')}</p>}
          <ul className="nhsuk-list">
            {found.patients.map((p) => (
              <li key={p.id}>
                <Link to={`/clinician/patient/${encodeURIComponent(p.id ?? '')}`}>
                  {personName(p.name) ?? p.id}
                </Link>{' '}
                <span className="nhsuk-u-secondary-text-colour">
                  {[nhsNumberOf(p.identifier), date(p.birthDate)].filter(Boolean).join(', ')}
                </span>
                {noRelationship(p) && (
                  <>
                    {' '}
                    <strong className="nhsuk-tag nhsuk-tag--grey">{t('find.noRelationship')}</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2 className="nhsuk-heading-m">{t('find.byIdHeading')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (recordId.trim()) navigate(`/clinician/patient/${encodeURIComponent(recordId.trim())}`);
        }}
        noValidate
      >
        <TextInput
          id="record-id"
          label={t('find.byIdLabel')}
          hint={t('find.byIdHint')}
          value={recordId}
          width="30"
          onChange={setRecordId}
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t('find.byIdSubmit')}
        </button>
      </form>
    </Page>
  );
}
