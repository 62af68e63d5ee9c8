import { useState } from 'react';
import type { FormEvent } from 'react';
import { ChoiceGroup } from '../../components/forms/choice-group.js';
import { ErrorSummary } from '../../components/forms/error-summary.js';
import type { FieldError } from '../../components/forms/error-summary.js';
import { SubmitButton } from '../../components/forms/submit-button.js';
import { TextArea } from '../../components/forms/text-area.js';
import { SectionProblem } from '../../components/section-problem.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useFhirClient } from '../../session/session-context.js';

/** The reasons `$break-glass` accepts (the server's list), in the order a clinician meets them. */
const REASONS = ['emergency-care', 'relationship-not-recorded', 'patient-asked', 'safeguarding'] as const;
const REASON_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/break-glass-reason';
const MIN_TEXT = 10;

/**
 * Opening a record without a recorded care relationship: a reason from the list and in the
 * clinician's own words, after a plain warning that it is audited and reviewed.
 */
export function BreakGlassForm({ patientId, onOpened }: { patientId: string; onOpened(): void }) {
  const { t } = useI18n();
  const client = useFhirClient();
  const [reason, setReason] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const problems: FieldError[] = [];
    if (!reason[0]) problems.push({ field: 'reason', message: t('glass.reasonError') });
    if (text.trim().length < MIN_TEXT) problems.push({ field: 'explanation', message: t('glass.textError') });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await client.operation(`Patient/${encodeURIComponent(patientId)}/$break-glass`, {
        resourceType: 'Parameters',
        parameter: [
          { name: 'reason', valueCoding: { system: REASON_SYSTEM, code: reason[0] } },
          { name: 'text', valueString: text.trim() },
        ],
      });
      onOpened();
    } catch (e) {
      setFailure(e);
      setBusy(false);
    }
  };
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">{t('glass.important')} </span>
            {t('glass.warningTitle')}
          </span>
        </h2>
        <p>{t('glass.warning1')}</p>
        <p>{t('glass.warning2')}</p>
      </div>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <ChoiceGroup
          kind="radio"
          name="reason"
          legend={t('glass.reasonLegend')}
          error={errorFor('reason')}
          options={REASONS.map((r) => ({ value: r, label: t(`glass.reason.${r}` as MessageId) }))}
          selected={reason}
          onChange={setReason}
        />
        <TextArea
          id="explanation"
          label={t('glass.textLabel')}
          hint={t('glass.textHint')}
          error={errorFor('explanation')}
          value={text}
          maxLength={1000}
          onChange={setText}
        />
        {failure !== undefined && <SectionProblem message={t('glass.failed')} error={failure} />}
        <SubmitButton busy={busy} busyLabel={t('glass.opening')} variant="warning">
          {t('glass.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
